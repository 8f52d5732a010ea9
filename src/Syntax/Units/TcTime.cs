using System.Globalization;

namespace Conlink.Syntax.Units;

/// <summary>
/// Times in tc arguments. Netem delays are whole microseconds (a bare number is microseconds, as in
/// tc's get_time); slot times are nanoseconds (a bare number is nanoseconds, as in get_time64).
/// Both read <c>s/sec/secs, ms/msec/msecs, us/usec/usecs</c>, and nanosecond times also <c>ns/nsec/nsecs</c>.
/// </summary>
public static class TcTime
{
    private const double MicrosecondsPerSecond = 1e6;

    public static bool TryParseMicroseconds(string token, out TimeSpan time)
    {
        time = default;
        if (!TcNumber.TrySplit(token, out var value, out var unit)) return false;
        var scale = unit.ToLowerInvariant() switch
        {
            "" or "us" or "usec" or "usecs" => 1.0,
            "ms" or "msec" or "msecs" => 1e3,
            "s" or "sec" or "secs" => MicrosecondsPerSecond,
            _ => double.NaN,
        };
        var microseconds = value * scale;
        if (double.IsNaN(microseconds) || microseconds >= uint.MaxValue) return false;
        time = TimeSpan.FromMicroseconds((uint)microseconds);
        return true;
    }

    public static bool TryParseNanoseconds(string token, out TimeSpan time)
    {
        time = default;
        if (!TcNumber.TrySplit(token, out var value, out var unit)) return false;
        var scale = unit.ToLowerInvariant() switch
        {
            "" or "ns" or "nsec" or "nsecs" => 1.0,
            "us" or "usec" or "usecs" => 1e3,
            "ms" or "msec" or "msecs" => 1e6,
            "s" or "sec" or "secs" => 1e9,
            _ => double.NaN,
        };
        var nanoseconds = value * scale;
        if (double.IsNaN(nanoseconds) || nanoseconds >= long.MaxValue) return false;
        time = TimeSpan.FromTicks((long)nanoseconds / 100);
        return true;
    }

    /// <summary>Whole microseconds, in the largest exact unit.</summary>
    public static string FormatMicroseconds(TimeSpan time)
    {
        var microseconds = time.Ticks / TimeSpan.TicksPerMicrosecond;
        return microseconds % 1_000_000 == 0 && microseconds > 0 ? $"{microseconds / 1_000_000}s"
            : microseconds % 1000 == 0 && microseconds > 0 ? $"{microseconds / 1000}ms"
            : microseconds.ToString(CultureInfo.InvariantCulture) + "us";
    }

    /// <summary>Nanoseconds (to TimeSpan's 100 ns), in the largest exact unit.</summary>
    public static string FormatNanoseconds(TimeSpan time)
    {
        var nanoseconds = time.Ticks * 100;
        return nanoseconds % 1_000 != 0 ? nanoseconds.ToString(CultureInfo.InvariantCulture) + "ns"
            : FormatMicroseconds(time);
    }

    public static long Nanoseconds(TimeSpan time) => time.Ticks * 100;

    public static uint Microseconds(TimeSpan time) => checked((uint)(time.Ticks / TimeSpan.TicksPerMicrosecond));
}
