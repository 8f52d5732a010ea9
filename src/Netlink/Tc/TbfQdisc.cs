using Conlink.Netlink.Encoding;
using Conlink.Syntax.Units;

namespace Conlink.Netlink.Tc;

/// <summary>
/// A token bucket filter: a plain rate limit, as <c>tc qdisc add ... tbf rate R burst B latency L</c>
/// (or <c>limit N</c> bytes instead of a latency).
/// </summary>
public sealed record TbfQdisc(DataRate Rate, uint Burst) : QdiscSpec
{
    public override string Kind => "tbf";

    /// <summary>The longest a packet may wait in the queue; used to size the queue when <see cref="Limit"/> is not given.</summary>
    public TimeSpan? Latency { get; init; }

    /// <summary>The queue size in bytes.</summary>
    public uint? Limit { get; init; }

    internal override void WriteOptions(MessageWriter writer) => TbfEncoding.Write(writer, this);
}
