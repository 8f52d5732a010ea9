using System.Buffers.Binary;
using System.Text;
using Conlink.Netlink.Capture;

namespace Conlink.Host.Capture;

/// <summary>
/// Writes a pcapng stream (the IETF draft's Section Header, Interface Description and Enhanced
/// Packet blocks, little-endian): one interface block per captured link, named <c>CONTAINER:DEV</c>,
/// Ethernet, nanosecond timestamps, the frame's direction as its flags. Every block is written
/// whole, so a stream cut between blocks is a complete file (tcpdump, Wireshark read it).
/// </summary>
public sealed class PcapngWriter(Stream output)
{
    private const uint SectionHeader = 0x0A0D0D0A, InterfaceDescription = 1, EnhancedPacket = 6;
    private const ushort LinkTypeEthernet = 1;
    private const ushort OptEnd = 0, ShbUserAppl = 4, IfName = 2, IfTsResol = 9, EpbFlags = 2;

    private byte[] _block = new byte[4096];
    private int _interfaces;

    /// <summary>The section header: starts the file.</summary>
    public ValueTask WriteHeaderAsync(string application, CancellationToken ct)
    {
        var b = Begin(SectionHeader);
        b.U32(0x1A2B3C4D).U16(1).U16(0).U64(ulong.MaxValue); // byte-order magic, version 1.0, section length unknown
        b.Option(ShbUserAppl, Encoding.UTF8.GetBytes(application));
        b.End();
        return FlushBlockAsync(b, ct);
    }

    /// <summary>Describes the next interface; returns its id for <see cref="WritePacketAsync"/>.</summary>
    public async ValueTask<int> WriteInterfaceAsync(string name, int snapLength, CancellationToken ct)
    {
        var b = Begin(InterfaceDescription);
        b.U16(LinkTypeEthernet).U16(0).U32((uint)snapLength);
        b.Option(IfName, Encoding.UTF8.GetBytes(name));
        b.Option(IfTsResol, [9]); // timestamps in nanoseconds
        b.End();
        await FlushBlockAsync(b, ct).ConfigureAwait(false);
        return _interfaces++;
    }

    public ValueTask WritePacketAsync(int interfaceId, in CapturedFrame frame, CancellationToken ct)
    {
        var b = Begin(EnhancedPacket, frame.CapturedLength + 64);
        var ts = (ulong)frame.TimestampNanoseconds;
        b.U32((uint)interfaceId).U32((uint)(ts >> 32)).U32((uint)ts).U32((uint)frame.CapturedLength).U32((uint)frame.OriginalLength);
        b.Padded(frame.Data.Span);
        Span<byte> flags = stackalloc byte[4];
        // Bits 0-1: 1 inbound, 2 outbound (as seen by the captured interface).
        BinaryPrimitives.WriteUInt32LittleEndian(flags, frame.Direction == PacketDirection.Outgoing ? 2u : 1u);
        b.Option(EpbFlags, flags);
        b.End();
        return FlushBlockAsync(b, ct);
    }

    private BlockBuilder Begin(uint type, int size = 512)
    {
        if (_block.Length < size) _block = new byte[Math.Max(size, _block.Length * 2)];
        var b = new BlockBuilder(_block);
        b.U32(type).U32(0); // length, filled in by End
        return b;
    }

    private ValueTask FlushBlockAsync(BlockBuilder b, CancellationToken ct) => output.WriteAsync(_block.AsMemory(0, b.Length), ct);

    /// <summary>Fills one block in a buffer big enough for it.</summary>
    private sealed class BlockBuilder(byte[] buffer)
    {
        public int Length { get; private set; }

        public BlockBuilder U16(ushort v)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(Length), v);
            Length += 2;
            return this;
        }

        public BlockBuilder U32(uint v)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(Length), v);
            Length += 4;
            return this;
        }

        public BlockBuilder U64(ulong v)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(buffer.AsSpan(Length), v);
            Length += 8;
            return this;
        }

        public void Padded(ReadOnlySpan<byte> data)
        {
            data.CopyTo(buffer.AsSpan(Length));
            var padded = (data.Length + 3) & ~3;
            buffer.AsSpan(Length + data.Length, padded - data.Length).Clear();
            Length += padded;
        }

        public void Option(ushort code, ReadOnlySpan<byte> value)
        {
            U16(code).U16((ushort)value.Length);
            Padded(value);
        }

        /// <summary>Ends the options and writes the block's length at both ends.</summary>
        public void End()
        {
            U16(OptEnd).U16(0);
            var total = Length + 4;
            BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(4), (uint)total);
            U32((uint)total);
        }
    }
}
