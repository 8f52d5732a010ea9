using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net.NetworkInformation;

namespace Conlink.Config.Model;

/// <summary>MAC addresses in the <c>aa:bb:cc:dd:ee:ff</c> text form the configuration uses.</summary>
public static class MacAddresses
{
    /// <summary>Parses exactly six colon-separated hex octets.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out PhysicalAddress? address)
    {
        address = null;
        var parts = text.Split(':');
        if (parts.Length != 6 || parts.Any(p => p.Length != 2 || !p.All(char.IsAsciiHexDigit))) return false;
        address = new PhysicalAddress(parts.Select(p => byte.Parse(p, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray());
        return true;
    }

    public static string Format(PhysicalAddress address) =>
        string.Join(':', address.GetAddressBytes().Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));

    public static bool IsMulticast(PhysicalAddress address) => (address.GetAddressBytes()[0] & 0x01) != 0;

    public static bool IsZero(PhysicalAddress address) => address.GetAddressBytes().All(b => b == 0);

    /// <summary>
    /// The address moved forward by <paramref name="offset"/> as a 48-bit number; null when that
    /// leaves the 48-bit range or lands on a multicast address, which no interface can take.
    /// </summary>
    public static PhysicalAddress? Offset(PhysicalAddress address, long offset)
    {
        var value = address.GetAddressBytes().Aggregate(0L, (acc, b) => (acc << 8) | b) + offset;
        if (value is < 0 or > 0xFFFF_FFFF_FFFFL) return null;
        var bytes = new byte[6];
        for (var i = 5; i >= 0; i--, value >>= 8) bytes[i] = (byte)value;
        var moved = new PhysicalAddress(bytes);
        return IsMulticast(moved) ? null : moved;
    }
}
