using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Conlink.Syntax.Units;

/// <summary>
/// A probability as netem stores it: a fraction of 2^32-1. Parsed as tc does (<c>25%</c> or <c>25</c>),
/// written as the shortest percentage that reads back to the same value.
/// </summary>
public readonly record struct Percentage(uint Scaled)
{
    public static readonly Percentage Zero = new(0);

    /// <summary>The value in percent, 0 to 100.</summary>
    public double Percent => Scaled * 100.0 / uint.MaxValue;

    /// <summary>Rounds like tc (rint).</summary>
    public static Percentage FromPercent(double percent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(percent, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);
        return new Percentage((uint)Math.Round(percent / 100 * uint.MaxValue, MidpointRounding.ToEven));
    }

    public static bool TryParse(string token, [NotNullWhen(true)] out Percentage? value)
    {
        value = null;
        var number = token.EndsWith('%') ? token[..^1] : token;
        if (!TcNumber.TryParse(number, out var percent) || percent < 0 || percent > 100) return false;
        value = FromPercent(percent);
        return true;
    }

    public override string ToString()
    {
        var percent = Percent;
        for (var decimals = 0; ; decimals++)
        {
            var text = percent.ToString("F" + decimals, CultureInfo.InvariantCulture);
            if (TryParse(text, out var back) && back.Value == this) return text + "%";
        }
    }
}
