using System.Buffers.Binary;
using Conlink.Netlink.Native;

namespace Conlink.Netlink.Tests.Support;

/// <summary>A stand-in for the kernel that acknowledges every request without allocating.</summary>
internal sealed class AckingSocket : INetlinkSocket
{
    private const ushort ErrorType = 2;
    private uint _lastSequence;

    public uint PortId => 99;

    public string Namespace => "acking";

    public bool IsClosed => false;

    public void Send(ReadOnlySpan<byte> datagram) => _lastSequence = BinaryPrimitives.ReadUInt32LittleEndian(datagram[8..]);

    public int Receive(Span<byte> buffer)
    {
        const int length = 36;
        buffer[..length].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, length);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer[4..], ErrorType);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer[8..], _lastSequence);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer[12..], PortId);
        return length;
    }

    public void Dispose() { }
}
