using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Conlink.Syntax.Units;

/// <summary>
/// A rate in bytes per second, the kernel's unit. Parsed with tc's units (<c>bit kbit mbit gbit tbit</c>,
/// the binary <c>Kibit Mibit ...</c>, bytes as <c>Bps KBps MBps ...</c>; case-insensitive; a bare
/// number is bits per second) and written in the largest bit unit that is exact.
/// </summary>
public readonly record struct DataRate(ulong BytesPerSecond)
{
    private static readonly (string Unit, double BitsPerUnit)[] Units =
    [
        ("bit", 1), ("Kibit", 1024), ("kbit", 1e3), ("Mibit", 1024.0 * 1024), ("mbit", 1e6),
        ("Gibit", 1024.0 * 1024 * 1024), ("gbit", 1e9), ("Tibit", 1024.0 * 1024 * 1024 * 1024), ("tbit", 1e12),
        ("Bps", 8), ("KiBps", 8.0 * 1024), ("KBps", 8e3), ("MiBps", 8.0 * 1024 * 1024), ("MBps", 8e6),
        ("GiBps", 8.0 * 1024 * 1024 * 1024), ("GBps", 8e9), ("TiBps", 8.0 * 1024 * 1024 * 1024 * 1024), ("TBps", 8e12),
    ];

    public static DataRate FromBitsPerSecond(ulong bits) => new(bits / 8);

    public static bool TryParse(string token, [NotNullWhen(true)] out DataRate? rate)
    {
        rate = null;
        if (!TcNumber.TrySplit(token, out var value, out var unit)) return false;
        var scale = 1.0;
        if (unit.Length > 0)
        {
            var found = Array.FindIndex(Units, u => string.Equals(u.Unit, unit, StringComparison.OrdinalIgnoreCase));
            if (found < 0) return false;
            scale = Units[found].BitsPerUnit;
        }
        var bytes = value * scale / 8;
        if (bytes >= ulong.MaxValue) return false;
        rate = new DataRate((ulong)bytes);
        return true;
    }

    public static DataRate Parse(string token) =>
        TryParse(token, out var rate) ? rate.Value : throw new FormatException($"'{token}' is not a rate (such as 10mbit)");

    public override string ToString()
    {
        var bits = (UInt128)BytesPerSecond * 8;
        foreach (var (unit, size) in new[] { ("tbit", 1_000_000_000_000UL), ("gbit", 1_000_000_000UL), ("mbit", 1_000_000UL), ("kbit", 1_000UL) })
            if (bits % size == 0 && bits > 0)
                return (bits / size).ToString(CultureInfo.InvariantCulture) + unit;
        return bits.ToString(CultureInfo.InvariantCulture) + "bit";
    }
}
