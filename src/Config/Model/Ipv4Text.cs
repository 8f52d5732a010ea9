using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace Conlink.Config.Model;

/// <summary>
/// Strict IPv4 dotted-quad text: four decimal octets 0..255 without leading zeros.
/// (<see cref="IPAddress.TryParse(string, out IPAddress)"/> also takes "1.2.3" and reads
/// "010.0.0.1" as octal, which no user means.)
/// </summary>
public static class Ipv4Text
{
    public static bool TryParse(string text, [NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        var parts = text.Split('.');
        if (parts.Length != 4) return false;
        var bytes = new byte[4];
        for (var i = 0; i < 4; i++)
        {
            var part = parts[i];
            if (part.Length is < 1 or > 3 || !part.All(char.IsAsciiDigit) || (part.Length > 1 && part[0] == '0')) return false;
            var value = int.Parse(part, CultureInfo.InvariantCulture);
            if (value > 255) return false;
            bytes[i] = (byte)value;
        }
        address = new IPAddress(bytes);
        return true;
    }
}
