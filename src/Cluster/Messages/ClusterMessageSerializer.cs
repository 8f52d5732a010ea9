using System.Runtime.Serialization;
using System.Text;
using Akka.Actor;
using Akka.Serialization;

namespace Conlink.Cluster.Messages;

/// <summary>
/// Writes conlink's cluster messages as UTF-8 with a manifest per type, so that what a peer sends is
/// read only as one of these, bounded in size, and never as an arbitrary type.
/// </summary>
public sealed class ClusterMessageSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>The largest summary a member sends or accepts.</summary>
    public const int MaxSummaryBytes = 256 * 1024;

    private const string Request = "summary-request";
    private const string Reply = "summary-reply";

    public override int Identifier => 4053;

    public override string Manifest(object o) => o switch
    {
        SummaryRequest => Request,
        SummaryReply => Reply,
        _ => throw new ArgumentException($"{o.GetType()} is not a conlink cluster message", nameof(o)),
    };

    public override byte[] ToBinary(object obj) => obj switch
    {
        SummaryRequest => [],
        SummaryReply reply => Encode(reply),
        _ => throw new ArgumentException($"{obj.GetType()} is not a conlink cluster message", nameof(obj)),
    };

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (bytes.Length > MaxSummaryBytes + 1024) throw new SerializationException($"a {manifest} of {bytes.Length} bytes is larger than allowed");
        return manifest switch
        {
            Request => new SummaryRequest(),
            Reply => Decode(bytes),
            _ => throw new SerializationException($"unknown conlink cluster message '{manifest}'"),
        };
    }

    // member address, a NUL, then the status JSON
    private static byte[] Encode(SummaryReply reply) => Encoding.UTF8.GetBytes(reply.Member + "\0" + reply.StatusJson);

    private static SummaryReply Decode(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var split = text.IndexOf('\0', StringComparison.Ordinal);
        if (split < 0) throw new SerializationException("a summary reply without its member address");
        return new SummaryReply(text[..split], text[(split + 1)..]);
    }
}
