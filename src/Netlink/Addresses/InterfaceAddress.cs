using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace Conlink.Netlink.Addresses;

/// <summary>An address on an interface with its prefix length, such as <c>10.0.1.1/24</c> (host bits kept).</summary>
public readonly record struct InterfaceAddress
{
    public InterfaceAddress(IPAddress address, int prefixLength)
    {
        ArgumentNullException.ThrowIfNull(address);
        var max = MaxPrefix(address.AddressFamily);
        if (prefixLength < 0 || prefixLength > max)
            throw new ArgumentOutOfRangeException(nameof(prefixLength), prefixLength, $"a prefix length for {address} is between 0 and {max}");
        Address = address;
        PrefixLength = prefixLength;
    }

    public IPAddress Address { get; }

    public int PrefixLength { get; }

    public AddressFamily Family => Address.AddressFamily;

    /// <summary>Parses <c>ADDRESS/PREFIX</c>; a bare address means a host address (/32 or /128).</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out InterfaceAddress? result)
    {
        result = null;
        var slash = text.IndexOf('/');
        if (!IPAddress.TryParse(slash < 0 ? text : text[..slash], out var address)) return false;
        var max = MaxPrefix(address.AddressFamily);
        var prefix = max;
        if (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1), System.Globalization.NumberStyles.None, null, out prefix) || prefix > max))
            return false;
        result = new InterfaceAddress(address, prefix);
        return true;
    }

    public static InterfaceAddress Parse(string text) =>
        TryParse(text, out var result) ? result.Value : throw new FormatException($"'{text}' is not an address with a prefix length");

    public override string ToString() => $"{Address}/{PrefixLength}";

    private static int MaxPrefix(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? 128 : 32;
}
