using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Conlink.Config.Model;

/// <summary>
/// An interface address with its prefix length, IPv4 (<c>10.0.1.1/16</c>) or IPv6 (<c>fd00::1/64</c>).
/// Unlike <see cref="IPNetwork"/>, host bits are kept: this is the address given to an interface.
/// </summary>
public readonly record struct CidrAddress(IPAddress Address, int PrefixLength)
{
    public AddressFamily Family => Address.AddressFamily;

    public bool IsIpv6 => Family == AddressFamily.InterNetworkV6;

    /// <summary>The longest prefix of the address's family: 32 or 128.</summary>
    public int MaxPrefixLength => MaxPrefix(Family);

    public static bool TryParse(string text, [NotNullWhen(true)] out CidrAddress? result)
    {
        result = null;
        if (Problem(text) is not null) return false;
        var slash = text.IndexOf('/');
        var address = IpText.Parse(text[..slash])!;
        result = new CidrAddress(address, int.Parse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture));
        return true;
    }

    public static CidrAddress Parse(string text) =>
        TryParse(text, out var result) ? result.Value : throw new FormatException(Problem(text));

    /// <summary>
    /// Why <paramref name="text"/> is not an interface address (<c>ADDRESS/PREFIX</c>); null when it is one.
    /// Text without a colon is read as IPv4, text with one as IPv6, and the message names that family.
    /// Only the syntax: which addresses a host can have is <c>Validation.HostAddress</c>'s to say.
    /// </summary>
    public static string? Problem(string text)
    {
        if (!text.Contains(':')) return TryParseIpv4(text) ? null : $"'{text}' is not an IPv4 CIDR";
        var slash = text.IndexOf('/');
        if (slash <= 0 || slash == text.Length - 1)
            return $"'{text}' is not an IPv6 CIDR (an address with a prefix length, such as fd00::1/64)";
        var addressPart = text[..slash];
        if (IpText.Problem(addressPart) is { } problem) return $"'{text}' is not an IPv6 CIDR: {problem}";
        return int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) && prefix <= 128
            ? null
            : $"'{text}' is not an IPv6 CIDR: the prefix length must be 0 to 128";
    }

    private static bool TryParseIpv4(string text)
    {
        var slash = text.IndexOf('/');
        return slash > 0 && Ipv4Text.TryParse(text[..slash], out _)
            && int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) && prefix <= 32;
    }

    /// <summary>The network this address belongs to.</summary>
    public IPNetwork Network => new(FromInteger(ToInteger(Address) & Mask, Family), PrefixLength);

    /// <summary>
    /// This address moved forward by <paramref name="offset"/> as a 32- or 128-bit integer, with the
    /// prefix kept. Returns null when the result leaves the subnet. Every replica offset of every
    /// address, IPv4 and IPv6, goes through here.
    /// </summary>
    public CidrAddress? Offset(long offset)
    {
        var value = ToInteger(Address);
        var top = IsIpv6 ? UInt128.MaxValue : uint.MaxValue;
        UInt128 moved;
        if (offset >= 0)
        {
            if (top - value < (ulong)offset) return null;
            moved = value + (ulong)offset;
        }
        else
        {
            var back = (ulong)-offset;
            if (value < back) return null;
            moved = value - back;
        }
        if ((moved & Mask) != (value & Mask)) return null;
        return new CidrAddress(FromInteger(moved, Family), PrefixLength);
    }

    public override string ToString() => $"{Address}/{PrefixLength}";

    private UInt128 Mask
    {
        get
        {
            var bits = MaxPrefixLength;
            var all = bits == 128 ? UInt128.MaxValue : ((UInt128)1 << bits) - 1;
            return PrefixLength == 0 ? UInt128.Zero : all & ~(((UInt128)1 << (bits - PrefixLength)) - 1);
        }
    }

    private static int MaxPrefix(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? 128 : 32;

    internal static UInt128 ToInteger(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var written);
        return written == 4 ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    internal static IPAddress FromInteger(UInt128 value, AddressFamily family)
    {
        if (family == AddressFamily.InterNetworkV6)
        {
            Span<byte> v6 = stackalloc byte[16];
            BinaryPrimitives.WriteUInt128BigEndian(v6, value);
            return new IPAddress(v6);
        }
        Span<byte> v4 = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(v4, (uint)value);
        return new IPAddress(v4);
    }

    internal static uint ToUInt32(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetwork
            ? (uint)ToInteger(address)
            : throw new ArgumentException("not an IPv4 address", nameof(address));

    internal static IPAddress FromUInt32(uint value) => FromInteger(value, AddressFamily.InterNetwork);
}
