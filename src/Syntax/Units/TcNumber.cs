using System.Globalization;

namespace Conlink.Syntax.Units;

/// <summary>Numbers in tc arguments: plain decimals with an optional fraction and exponent (what strtod reads, minus hex and inf).</summary>
internal static class TcNumber
{
    public static bool TryParse(string text, out double value)
    {
        value = 0;
        return StartsLikeNumber(text)
            && double.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>tc decides whether an optional number follows by looking at the first character.</summary>
    public static bool StartsLikeNumber(string token) => token.Length > 0 && char.IsAsciiDigit(token[0]);

    public static bool StartsLikeSignedNumber(string token) => token.Length > 0 && (char.IsAsciiDigit(token[0]) || token[0] == '-');

    /// <summary>Splits a token into its leading number and its unit suffix.</summary>
    public static bool TrySplit(string token, out double value, out string unit)
    {
        var end = 0;
        while (end < token.Length && (char.IsAsciiDigit(token[end]) || token[end] == '.' ||
               ((token[end] is 'e' or 'E') && end + 1 < token.Length && (char.IsAsciiDigit(token[end + 1]) || token[end + 1] is '-' or '+')) ||
               ((token[end] is '-' or '+') && end > 0 && token[end - 1] is 'e' or 'E')))
            end++;
        unit = token[end..];
        return TryParse(token[..end], out value);
    }
}
