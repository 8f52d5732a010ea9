using System.Buffers.Binary;
using System.Net;
using System.Net.NetworkInformation;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Conlink.Netlink.Encoding.Structs;

namespace Conlink.Netlink.Encoding;

/// <summary>
/// Builds netlink messages into one reusable buffer: a header, a fixed struct, then attributes
/// (type-length-value, 4-byte aligned), which may nest. Attribute ids are the per-family enums in
/// <c>Encoding/Attributes</c>; all of them are 16-bit.
/// </summary>
internal sealed class MessageWriter
{
    public const int Alignment = 4;
    private const int AttributeHeaderSize = 4;
    private const ushort NestedFlag = 0x8000;
    private const int SequenceOffset = 8;

    private byte[] _buffer;
    private int _length;
    private int _messageStart;

    public MessageWriter(int initialCapacity = 4096) => _buffer = new byte[initialCapacity];

    /// <summary>Everything written since the last <see cref="Reset"/>.</summary>
    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    public void Reset() => _length = 0;

    public static int Align(int length) => (length + Alignment - 1) & ~(Alignment - 1);

    /// <summary>Starts a message; <see cref="EndMessage"/> fills in its length.</summary>
    public void BeginMessage(MessageType type, MessageFlags flags, uint sequence)
    {
        _messageStart = _length;
        WriteFixed(new NlMsgHdr { Type = type, Flags = flags | MessageFlags.Request, Sequence = sequence });
    }

    public void EndMessage() => PatchLength32(_messageStart, _length - _messageStart);

    /// <summary>Renumbers the current message, so that it can be sent again.</summary>
    public void SetSequence(uint sequence) =>
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(_messageStart + SequenceOffset), sequence);

    /// <summary>Writes a fixed-layout struct (a message header or an attribute's payload part), padded.</summary>
    public void WriteFixed<T>(in T value) where T : unmanaged
    {
        var size = Unsafe.SizeOf<T>();
        var span = Grow(Align(size));
        MemoryMarshal.Write(span, in value);
        span[size..].Clear();
    }

    public void WriteAttribute<TAttr>(TAttr type, ReadOnlySpan<byte> value) where TAttr : unmanaged, Enum
    {
        var span = Grow(Align(AttributeHeaderSize + value.Length));
        WriteAttributeHeader(span, Id(type), AttributeHeaderSize + value.Length);
        value.CopyTo(span[AttributeHeaderSize..]);
        span[(AttributeHeaderSize + value.Length)..].Clear();
    }

    public void WriteStruct<TAttr, T>(TAttr type, in T value) where TAttr : unmanaged, Enum where T : unmanaged =>
        WriteAttribute(type, MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value)));

    public void WriteU8<TAttr>(TAttr type, byte value) where TAttr : unmanaged, Enum =>
        WriteAttribute(type, [value]);

    public void WriteU16<TAttr>(TAttr type, ushort value) where TAttr : unmanaged, Enum => WriteStruct(type, value);

    public void WriteU16BigEndian<TAttr>(TAttr type, ushort value) where TAttr : unmanaged, Enum =>
        WriteStruct(type, BinaryPrimitives.ReverseEndianness(value));

    public void WriteU32<TAttr>(TAttr type, uint value) where TAttr : unmanaged, Enum => WriteStruct(type, value);

    public void WriteU64<TAttr>(TAttr type, ulong value) where TAttr : unmanaged, Enum => WriteStruct(type, value);

    /// <summary>Writes a string attribute; the kernel wants most of them NUL-terminated, a few (such as IFLA_INFO_KIND) not.</summary>
    public void WriteString<TAttr>(TAttr type, string value, bool nulTerminated = true) where TAttr : unmanaged, Enum
    {
        var length = System.Text.Encoding.UTF8.GetByteCount(value) + (nulTerminated ? 1 : 0);
        var span = Grow(Align(AttributeHeaderSize + length));
        WriteAttributeHeader(span, Id(type), AttributeHeaderSize + length);
        var payload = span[AttributeHeaderSize..];
        payload.Clear();
        System.Text.Encoding.UTF8.GetBytes(value, payload);
    }

    public void WriteAddress<TAttr>(TAttr type, IPAddress address) where TAttr : unmanaged, Enum
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var written);
        WriteAttribute(type, bytes[..written]);
    }

    public void WriteMac<TAttr>(TAttr type, PhysicalAddress mac) where TAttr : unmanaged, Enum =>
        WriteAttribute(type, mac.GetAddressBytes());

    /// <summary>
    /// Starts an attribute that contains other attributes (or a struct followed by attributes);
    /// returns the token for <see cref="EndNested"/>. <paramref name="markNested"/> sets NLA_F_NESTED,
    /// which iproute2 sets for some containers and not for others.
    /// </summary>
    public int BeginNested<TAttr>(TAttr type, bool markNested = false) where TAttr : unmanaged, Enum
    {
        var start = _length;
        WriteAttributeHeader(Grow(AttributeHeaderSize), (ushort)(Id(type) | (markNested ? NestedFlag : 0)), 0);
        return start;
    }

    public void EndNested(int start) =>
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(start), checked((ushort)(_length - start)));

    private static ushort Id<TAttr>(TAttr type) where TAttr : unmanaged, Enum
    {
        if (Unsafe.SizeOf<TAttr>() != sizeof(ushort))
            throw new ArgumentException($"attribute enum {typeof(TAttr).Name} must be 16-bit");
        return Unsafe.As<TAttr, ushort>(ref type);
    }

    private static void WriteAttributeHeader(Span<byte> span, ushort type, int length)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(span, checked((ushort)length));
        BinaryPrimitives.WriteUInt16LittleEndian(span[2..], type);
    }

    private void PatchLength32(int offset, int length) =>
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(offset), (uint)length);

    private Span<byte> Grow(int count)
    {
        if (_length + count > _buffer.Length)
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
        var span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }
}
