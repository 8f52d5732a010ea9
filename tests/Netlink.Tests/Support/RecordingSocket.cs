using System.Buffers.Binary;
using Conlink.Netlink.Native;

namespace Conlink.Netlink.Tests.Support;

/// <summary>A stand-in for the kernel: records every request and acknowledges it.</summary>
internal sealed class RecordingSocket : INetlinkSocket
{
    private const ushort ErrorType = 2;
    private readonly Queue<byte[]> _replies = new();

    public List<byte[]> Sent { get; } = [];

    public uint PortId => 4242;

    public string Namespace => "recorded";

    public bool IsClosed { get; private set; }

    public static NetlinkHandle Handle(out RecordingSocket socket)
    {
        socket = new RecordingSocket();
        return new NetlinkHandle(socket);
    }

    public void Send(ReadOnlySpan<byte> datagram)
    {
        Sent.Add(datagram.ToArray());
        var ack = new byte[36];
        BinaryPrimitives.WriteUInt32LittleEndian(ack, 36);
        BinaryPrimitives.WriteUInt16LittleEndian(ack.AsSpan(4), ErrorType);
        datagram[8..12].CopyTo(ack.AsSpan(8));
        BinaryPrimitives.WriteUInt32LittleEndian(ack.AsSpan(12), PortId);
        datagram[..16].CopyTo(ack.AsSpan(20));
        _replies.Enqueue(ack);
    }

    public int Receive(Span<byte> buffer)
    {
        var reply = _replies.Dequeue();
        reply.CopyTo(buffer);
        return reply.Length;
    }

    public void Dispose() => IsClosed = true;
}
