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
        // Read in place: this runs several times for every address of every link.
        Span<byte> bytes = stackalloc byte[4];
        var rest = text.AsSpan();
        for (var i = 0; i < 4; i++)
        {
            var dot = rest.IndexOf('.');
            if ((dot < 0) != (i == 3)) return false;
            var part = dot < 0 ? rest : rest[..dot];
            if (part.Length is < 1 or > 3 || part.IndexOfAnyExceptInRange('0', '9') >= 0 || (part.Length > 1 && part[0] == '0')) return false;
            var value = int.Parse(part, NumberStyles.None, CultureInfo.InvariantCulture);
            if (value > 255) return false;
            bytes[i] = (byte)value;
            rest = dot < 0 ? [] : rest[(dot + 1)..];
        }
        address = new IPAddress(bytes);
        return true;
    }
}
