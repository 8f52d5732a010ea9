using System.Buffers.Binary;
using Conlink.Netlink.Native;

namespace Conlink.Netlink.Tests.Support;

/// <summary>
/// A stand-in for the kernel that answers each request with the datagrams a script returns, given
/// the request's sequence number and how many requests came before it.
/// </summary>
internal sealed class ScriptedSocket(Func<uint, int, IEnumerable<byte[]>> script) : INetlinkSocket
{
    public const uint Port = 777;
    private readonly Queue<byte[]> _replies = new();

    public List<byte[]> Sent { get; } = [];

    public uint PortId => Port;

    public string Namespace => "scripted";

    public bool IsClosed { get; private set; }

    public void Send(ReadOnlySpan<byte> datagram)
    {
        var sequence = BinaryPrimitives.ReadUInt32LittleEndian(datagram[8..]);
        Sent.Add(datagram.ToArray());
        foreach (var reply in script(sequence, Sent.Count - 1)) _replies.Enqueue(reply);
    }

    public int Receive(Span<byte> buffer)
    {
        var reply = _replies.Dequeue();
        reply.CopyTo(buffer);
        return reply.Length;
    }

    public void Dispose() => IsClosed = true;

    /// <summary>One netlink message: header and payload.</summary>
    public static byte[] Message(ushort type, ushort flags, uint sequence, byte[] payload, uint port = Port)
    {
        var message = new byte[16 + Align(payload.Length)];
        BinaryPrimitives.WriteUInt32LittleEndian(message, (uint)(16 + payload.Length));
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(4), type);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(6), flags);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(8), sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(12), port);
        payload.CopyTo(message, 16);
        return message;
    }

    /// <summary>An RTM_NEWLINK with just an index and a name.</summary>
    public static byte[] Link(uint sequence, int index, string name, ushort flags = 0)
    {
        var nameAttribute = Attribute(3, [.. System.Text.Encoding.ASCII.GetBytes(name), 0]);
        var payload = new byte[16 + nameAttribute.Length];
        BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(4), index);
        nameAttribute.CopyTo(payload, 16);
        return Message(16, flags, sequence, payload);
    }

    public static byte[] Done(uint sequence, ushort flags = 0) => Message(3, flags, sequence, new byte[4]);

    /// <summary>An NLMSG_ERROR (an ACK when <paramref name="errno"/> is 0), capped, with the kernel's message as an extended ACK.</summary>
    public static byte[] Error(uint sequence, int errno, string? kernelMessage = null)
    {
        const ushort capped = 0x100, ackTlvs = 0x200;
        var payload = new byte[20];
        BinaryPrimitives.WriteInt32LittleEndian(payload, -errno);
        if (kernelMessage is null) return Message(2, capped, sequence, payload);
        return Message(2, capped | ackTlvs, sequence, [.. payload, .. Attribute(1, [.. System.Text.Encoding.ASCII.GetBytes(kernelMessage), 0])]);
    }

    private static byte[] Attribute(ushort type, byte[] value)
    {
        var attribute = new byte[Align(4 + value.Length)];
        BinaryPrimitives.WriteUInt16LittleEndian(attribute, (ushort)(4 + value.Length));
        BinaryPrimitives.WriteUInt16LittleEndian(attribute.AsSpan(2), type);
        value.CopyTo(attribute, 4);
        return attribute;
    }

    private static int Align(int length) => (length + 3) & ~3;
}
