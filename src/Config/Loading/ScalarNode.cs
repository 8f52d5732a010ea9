using System.Globalization;
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

    /// <summary>The value as an integer, when it is one (decimal, 0x hex or 0o octal).</summary>
    public long? AsInteger()
    {
        if (Kind != ScalarKind.Integer) return null;
        var text = Value.TrimStart('+');
        if (text.StartsWith("0x", StringComparison.Ordinal))
            return long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) ? hex : null;
        if (text.StartsWith("0o", StringComparison.Ordinal))
        {
            try { return Convert.ToInt64(text[2..], 8); }
            catch (OverflowException) { return null; }
        }
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

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
        if (IntegerPattern().IsMatch(text)) return ScalarKind.Integer;
        if (FloatPattern().IsMatch(text)) return ScalarKind.Float;
        return ScalarKind.String;
    }

    [GeneratedRegex(@"^([-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$")]
    private static partial Regex FloatPattern();
}
