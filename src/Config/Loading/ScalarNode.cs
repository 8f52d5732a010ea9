using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace Conlink.Config.Loading;

/// <summary>
/// A scalar. A plain (unquoted, untagged) scalar's type is resolved from its text under the
/// YAML 1.2 core schema, after interpolation, so <c>mtu: ${MTU:-1500}</c> is an integer while
/// <c>mtu: "1500"</c> stays a string, as it would be had the value been written literally.
/// </summary>
internal sealed partial record ScalarNode(string Value, bool IsPlain, NodeLocation Location) : ConfigNode(Location)
{
    public ScalarKind Kind => IsPlain ? Resolve(Value) : ScalarKind.String;

    /// <summary>
    /// The value as an integer, when it is one (decimal, 0x hex or 0o octal) that fits in 64 signed
    /// bits; hex and octal are magnitudes, so <c>0xFFFFFFFFFFFFFFFF</c> is too large, not -1.
    /// </summary>
    public long? AsInteger()
    {
        if (Kind != ScalarKind.Integer) return null;
        var text = Value.TrimStart('+');
        // 64 bits take at most 22 octal digits; anything longer (past leading zeros) is out of range, unparsed.
        if (text.TrimStart('-').TrimStart('0', 'x', 'o').TrimStart('0').Length > 22) return null;
        BigInteger value;
        if (text.StartsWith("0x", StringComparison.Ordinal))
            value = BigInteger.Parse("0" + text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        else if (text.StartsWith("0o", StringComparison.Ordinal))
            value = text[2..].Aggregate(BigInteger.Zero, (total, digit) => total * 8 + (digit - '0'));
        else
            value = BigInteger.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return value >= long.MinValue && value <= long.MaxValue ? (long)value : null;
    }

    /// <summary>An integer too large (or small) for <see cref="AsInteger"/>.</summary>
    public bool IsOutOfRangeInteger => Kind == ScalarKind.Integer && AsInteger() is null;

    public static string Describe(ScalarKind kind) => kind switch
    {
        ScalarKind.Null => "null",
        ScalarKind.Boolean => "a boolean",
        ScalarKind.Integer => "an integer",
        ScalarKind.Float => "a number",
        _ => "a string",
    };

    private static ScalarKind Resolve(string text)
    {
        if (text is "" or "~" or "null" or "Null" or "NULL") return ScalarKind.Null;
        if (text is "true" or "True" or "TRUE" or "false" or "False" or "FALSE") return ScalarKind.Boolean;
        if (IsInteger(text)) return ScalarKind.Integer;
        // Kind is asked for each time a value is read: only text that can start a number meets the pattern.
        if (text[0] is (>= '0' and <= '9') or '-' or '+' or '.' && FloatPattern().IsMatch(text)) return ScalarKind.Float;
        return ScalarKind.String;
    }

    /// <summary>The core schema's integers: <c>[-+]?[0-9]+</c>, <c>0o[0-7]+</c> or <c>0x[0-9a-fA-F]+</c>.</summary>
    private static bool IsInteger(string text)
    {
        if (text.Length > 2 && text[0] == '0' && text[1] is 'o' or 'x')
            return text[1] == 'o' ? text.AsSpan(2).IndexOfAnyExceptInRange('0', '7') < 0 : !text.AsSpan(2).ContainsAnyExcept(HexDigits);
        var digits = text.AsSpan(text[0] is '-' or '+' ? 1 : 0);
        return digits.Length > 0 && digits.IndexOfAnyExceptInRange('0', '9') < 0;
    }

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    [GeneratedRegex(@"^([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))\z")]
    private static partial Regex FloatPattern();
}
