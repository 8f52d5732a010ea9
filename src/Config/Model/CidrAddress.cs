using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace Conlink.Config.Model;

/// <summary>
/// An interface address with its prefix length, such as <c>10.0.1.1/16</c>. Unlike
/// <see cref="IPNetwork"/>, host bits are kept: this is the address given to an interface.
/// </summary>
public readonly record struct CidrAddress(IPAddress Address, int PrefixLength)
{
    public static bool TryParse(string text, [NotNullWhen(true)] out CidrAddress? result)
    {
        result = null;
        var slash = text.IndexOf('/');
        if (slash <= 0 || slash == text.Length - 1) return false;
        var addressPart = text[..slash];
        if (!Ipv4Text.TryParse(addressPart, out var address)) return false;
        if (!int.TryParse(text.AsSpan(slash + 1), System.Globalization.NumberStyles.None, null, out var prefix)
            || prefix > 32) return false;
        result = new CidrAddress(address, prefix);
        return true;
    }

    public static CidrAddress Parse(string text) =>
        TryParse(text, out var result) ? result.Value : throw new FormatException($"'{text}' is not an IPv4 CIDR");

    /// <summary>The network this address belongs to.</summary>
    public IPNetwork Network => new(Mask(ToUInt32(Address), PrefixLength), PrefixLength);

    /// <summary>
    /// This address moved forward by <paramref name="offset"/>, with the prefix kept.
    /// Returns null when the result leaves the subnet.
    /// </summary>
    public CidrAddress? Offset(long offset)
    {
        var value = (long)ToUInt32(Address) + offset;
        if (value < 0 || value > uint.MaxValue) return null;
        var moved = (uint)value;
        var mask = PrefixLength == 0 ? 0u : uint.MaxValue << (32 - PrefixLength);
        if ((moved & mask) != (ToUInt32(Address) & mask)) return null;
        return new CidrAddress(FromUInt32(moved), PrefixLength);
    }

    public override string ToString() => $"{Address}/{PrefixLength}";

    private static IPAddress Mask(uint value, int prefix) =>
        FromUInt32(prefix == 0 ? 0u : value & (uint.MaxValue << (32 - prefix)));

    internal static uint ToUInt32(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetwork)
            throw new ArgumentException("only IPv4 addresses are supported", nameof(address));
        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    internal static IPAddress FromUInt32(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new IPAddress(bytes);
    }
}
