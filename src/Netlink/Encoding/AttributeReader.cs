namespace Conlink.Netlink.Encoding;

/// <summary>Walks a run of netlink attributes. Types come back without the NESTED/BYTEORDER flag bits.</summary>
internal ref struct AttributeReader(ReadOnlySpan<byte> attributes)
{
    private const int HeaderSize = 4;
    private const ushort TypeMask = 0x3FFF;

    private ReadOnlySpan<byte> _remaining = attributes;

    public bool Next(out ushort type, out ReadOnlySpan<byte> value)
    {
        type = 0;
        value = default;
        if (_remaining.Length < HeaderSize) return false;
        var length = System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(_remaining);
        if (length < HeaderSize || length > _remaining.Length) return false;
        type = (ushort)(System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(_remaining[2..]) & TypeMask);
        value = _remaining[HeaderSize..length];
        var advance = Math.Min(MessageWriter.Align(length), _remaining.Length);
        _remaining = _remaining[advance..];
        return true;
    }
}
