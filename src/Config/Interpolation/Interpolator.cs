using System.Text;

namespace Conlink.Config.Interpolation;

/// <summary>
/// Compose-style variable interpolation against an environment given as a lookup function:
/// <c>$$</c>, <c>$VAR</c>, <c>${VAR}</c>, <c>${VAR:-default}</c>, <c>${VAR-default}</c>,
/// <c>${VAR:?message}</c> and <c>${VAR?message}</c>. Names match <c>[_A-Za-z][_A-Za-z0-9]*</c>;
/// defaults are taken literally (no nesting) and cannot contain <c>}</c>. A <c>$</c> that starts
/// none of these forms is kept as it is; a malformed <c>${...}</c> is an error.
/// </summary>
internal static class Interpolator
{
    public static Interpolated Interpolate(string text, Func<string, string?> environment)
    {
        if (!text.Contains('$')) return Interpolated.Ok(text);
        var result = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] != '$' || i + 1 == text.Length)
            {
                result.Append(text[i++]);
                continue;
            }
            var next = text[i + 1];
            if (next == '$')
            {
                result.Append('$');
                i += 2;
            }
            else if (IsNameStart(next))
            {
                var name = ReadName(text, i + 1);
                result.Append(environment(name) ?? "");
                i += 1 + name.Length;
            }
            else if (next == '{')
            {
                var close = text.IndexOf('}', i + 2);
                if (close < 0) return Interpolated.Fail($"unclosed '${{' in '{text}' (write $$ for a literal $)");
                var braced = Substitute(text[(i + 2)..close], environment);
                if (braced.Error is not null) return braced;
                result.Append(braced.Value);
                i = close + 1;
            }
            else
            {
                result.Append(text[i++]);
            }
        }
        return Interpolated.Ok(result.ToString());
    }

    private static Interpolated Substitute(string body, Func<string, string?> environment)
    {
        var name = body.Length > 0 && IsNameStart(body[0]) ? ReadName(body, 0) : "";
        var rest = body[name.Length..];
        if (name.Length == 0 || (rest.Length > 0 && !IsOperator(rest)))
            return Interpolated.Fail($"invalid interpolation '${{{body}}}' (write $$ for a literal $)");

        var value = environment(name);
        if (rest.Length == 0) return Interpolated.Ok(value ?? "");
        var colon = rest[0] == ':';
        var op = rest[colon ? 1 : 0];
        var argument = rest[(colon ? 2 : 1)..];
        var missing = colon ? string.IsNullOrEmpty(value) : value is null;
        if (!missing) return Interpolated.Ok(value!);
        return op == '-'
            ? Interpolated.Ok(argument)
            : Interpolated.Fail(argument.Length > 0
                ? $"required variable {name} is missing a value: {argument}"
                : $"required variable {name} is missing a value");
    }

    private static bool IsOperator(string rest) =>
        rest[0] is '-' or '?' || (rest.Length > 1 && rest[0] == ':' && rest[1] is '-' or '?');

    private static bool IsNameStart(char c) => c == '_' || char.IsAsciiLetter(c);

    private static string ReadName(string text, int start)
    {
        var end = start;
        while (end < text.Length && (text[end] == '_' || char.IsAsciiLetterOrDigit(text[end]))) end++;
        return text[start..end];
    }
}
