using Conlink.Netlink.Encoding;
using Conlink.Syntax.Netem;

namespace Conlink.Netlink.Tc;

/// <summary>The netem qdisc with the options a <see cref="NetemSpec"/> holds.</summary>
public sealed record NetemQdisc(NetemSpec Netem) : QdiscSpec
{
    public override string Kind => "netem";

    internal override void WriteOptions(MessageWriter writer) => NetemEncoding.Write(writer, Netem);

    public override string ToString() => Netem.ToString();
}
