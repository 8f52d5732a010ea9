using System.Text;

namespace Conlink.Config;

/// <summary>
/// One problem in the user's configuration, located as precisely as the source allows:
/// <c>FILE:LINE:COL: PATH: message</c>. <see cref="Line"/> and <see cref="Column"/> are 1-based,
/// or 0 when the problem concerns a whole file; <see cref="Path"/> is empty for a whole document.
/// As printed, control characters are escaped (a value's tab or escape sequence reaches no
/// terminal) and an over-long quoted value or path is shortened, its length given.
/// </summary>
public sealed record ConfigError(string File, int Line, int Column, string Path, string Message)
{
    /// <summary>Quoted values longer than this are shown shortened.</summary>
    public const int MaxShownValue = 80;

    private const int MaxShownPath = 200;

    private const int MaxShownMessage = 600;

    public override string ToString()
    {
        var position = Line > 0 ? $"{File}:{Line}:{Column}" : File;
        var message = ShortenQuoted(Message);
        var text = Path.Length > 0 ? $"{position}: {Shorten(Path, MaxShownPath)}: {message}" : $"{position}: {message}";
        return EscapeControl(text);
    }

    /// <summary><paramref name="text"/> as is when short, else its start, '…' and its length.</summary>
    public static string Shorten(string text, int max = MaxShownValue) =>
        text.Length <= max ? text : $"{text[..(max - 20)]}…({text.Length} characters)";

    // A message quotes values as '...'; a value runs to the first quote followed by a space (or
    // the last quote), since values may hold quotes themselves. Whatever slips by, the whole
    // message is bounded too.
    private static string ShortenQuoted(string message)
    {
        if (message.Length <= 2 * MaxShownValue) return message;
        var result = new StringBuilder();
        var i = 0;
        while (message.IndexOf('\'', i) is var open and >= 0)
        {
            var close = message.IndexOf("' ", open + 1, StringComparison.Ordinal);
            if (close < 0) close = message.LastIndexOf('\'');
            if (close <= open) break;
            result.Append(message, i, open + 1 - i).Append(Shorten(message[(open + 1)..close])).Append('\'');
            i = close + 1;
        }
        result.Append(message, i, message.Length - i);
        return Shorten(result.ToString(), MaxShownMessage);
    }

    private static string EscapeControl(string text)
    {
        if (!text.Any(char.IsControl)) return text;
        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '\t' => "\\t",
                '\n' => "\\n",
                '\r' => "\\r",
                _ when char.IsControl(c) => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }
        return escaped.ToString();
    }
}
