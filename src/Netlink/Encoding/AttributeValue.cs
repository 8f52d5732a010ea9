using System.Buffers.Binary;
using System.Net;
using System.Net.NetworkInformation;
using System.Runtime.InteropServices;

namespace Conlink.Netlink.Encoding;

/// <summary>Decodes attribute payloads.</summary>
internal static class AttributeValue
{
    public static byte U8(ReadOnlySpan<byte> value) => value[0];

    public static ushort U16(ReadOnlySpan<byte> value) => BinaryPrimitives.ReadUInt16LittleEndian(value);

    public static ushort U16BigEndian(ReadOnlySpan<byte> value) => BinaryPrimitives.ReadUInt16BigEndian(value);

    public static uint U32(ReadOnlySpan<byte> value) => BinaryPrimitives.ReadUInt32LittleEndian(value);

    public static int I32(ReadOnlySpan<byte> value) => BinaryPrimitives.ReadInt32LittleEndian(value);

    public static T Struct<T>(ReadOnlySpan<byte> value) where T : unmanaged => MemoryMarshal.Read<T>(value);

    /// <summary>A struct the kernel may send shorter (an older version) or longer (a newer one): missing fields read as 0.</summary>
    public static T StructPrefix<T>(ReadOnlySpan<byte> value) where T : unmanaged
    {
        var result = default(T);
        var bytes = MemoryMarshal.AsBytes(new Span<T>(ref result));
        value[..Math.Min(value.Length, bytes.Length)].CopyTo(bytes);
        return result;
    }

    /// <summary>A string attribute, with or without its terminating NUL.</summary>
    public static string String(ReadOnlySpan<byte> value)
    {
        var end = value.IndexOf((byte)0);
        return System.Text.Encoding.UTF8.GetString(end < 0 ? value : value[..end]);
    }

    public static IPAddress Address(ReadOnlySpan<byte> value) => new(value);

    public static PhysicalAddress Mac(ReadOnlySpan<byte> value) => new(value.ToArray());
}
