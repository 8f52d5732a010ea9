using System.Globalization;
using Conlink.Syntax.Units;

namespace Conlink.Netlink.Tc;

/// <summary>
/// The packet scheduler's clock, which netem and tbf times are given in. The kernel publishes it in
/// <c>/proc/net/psched</c> as four hex numbers: nanoseconds per microsecond, nanoseconds per tick,
/// the clock resolution and the timer resolution. A tick is 64 ns on kernels since 2.6.26, but it
/// is read, not assumed, as tc reads it.
/// </summary>
internal sealed record PschedClock(double TicksPerMicrosecond)
{
    public const string File = "/proc/net/psched";

    private static readonly Lazy<PschedClock> Kernel = new(() => Read(File));

    /// <summary>This kernel's clock.</summary>
    /// <exception cref="InvalidOperationException"><see cref="File"/> cannot be read or makes no sense.</exception>
    public static PschedClock Current => Kernel.Value;

    public static PschedClock Read(string path)
    {
        string text;
        try
        {
            text = System.IO.File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"cannot read the packet scheduler clock from {path}: {e.Message}", e);
        }
        return Parse(text) ?? throw new InvalidOperationException($"{path} does not hold a packet scheduler clock: '{text.Trim()}'");
    }

    /// <summary>The clock from the file's text; null when it is not one.</summary>
    public static PschedClock? Parse(string text)
    {
        var fields = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 3) return null;
        var numbers = new uint[3];
        for (var i = 0; i < 3; i++)
            if (!uint.TryParse(fields[i], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out numbers[i]))
                return null;
        var (nsPerUs, nsPerTick, resolution) = (numbers[0], numbers[1], numbers[2]);
        if (nsPerTick == 0 || resolution == 0) return null;
        // Kernels with a nanosecond clock resolution state the first number as 1000 for old tools,
        // where it really is the tick length itself (a factor of 1).
        if (resolution == 1_000_000_000) nsPerUs = nsPerTick;
        return new PschedClock((double)nsPerUs / nsPerTick * (resolution / 1e6));
    }

    /// <summary>A time in ticks, truncated as tc truncates; refuses one that does not fit 32 bits of ticks.</summary>
    public uint Ticks(TimeSpan time, string what)
    {
        var ticks = TcTime.Microseconds(time) * TicksPerMicrosecond;
        return ticks < 1UL << 32
            ? (uint)ticks
            : throw new ArgumentOutOfRangeException(what, time, $"a netem {what} must be under {uint.MaxValue / TicksPerMicrosecond / 1e6:F0} s");
    }

    /// <summary>The ticks to send <paramref name="size"/> bytes at <paramref name="rate"/> bytes per second, truncated at each step as tc does.</summary>
    public uint TransmitTicks(uint rate, uint size) => (uint)((uint)(1e6 * ((double)size / rate)) * TicksPerMicrosecond);
}
