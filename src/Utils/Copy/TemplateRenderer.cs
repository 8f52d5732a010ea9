namespace Conlink.Utils.Copy;

/// <summary>
/// Replaces <c>{{NAME}}</c> placeholders (NAME: one or more characters other than '}' and white space,
/// the original's <c>\{\{([^}\s]+)\}\}</c>) by a variable's value, leaving placeholders of undefined variables as they are.
/// </summary>
public static class TemplateRenderer
{
    public sealed record Result(string Text, IReadOnlyList<string> ReplacedNames);

    public static Result Render(string text, Func<string, string?> lookup)
    {
        var output = new System.Text.StringBuilder(text.Length);
        var replaced = new List<string>();
        var copiedUpTo = 0;
        var position = text.IndexOf("{{", StringComparison.Ordinal);
        while (position >= 0)
        {
            var nameStart = position + 2;
            var nameEnd = nameStart;
            while (nameEnd < text.Length && text[nameEnd] != '}' && !char.IsWhiteSpace(text[nameEnd]))
                nameEnd++;

            var isPlaceholder = nameEnd > nameStart && string.CompareOrdinal(text, nameEnd, "}}", 0, 2) == 0;
            if (!isPlaceholder)
            {
                position = text.IndexOf("{{", position + 1, StringComparison.Ordinal);
                continue;
            }

            var name = text[nameStart..nameEnd];
            var placeholderEnd = nameEnd + 2;
            if (lookup(name) is { } value)
            {
                output.Append(text, copiedUpTo, position - copiedUpTo).Append(value);
                copiedUpTo = placeholderEnd;
                if (!replaced.Contains(name))
                    replaced.Add(name);
            }
            position = text.IndexOf("{{", placeholderEnd, StringComparison.Ordinal);
        }
        output.Append(text, copiedUpTo, text.Length - copiedUpTo);
        return new Result(output.ToString(), replaced);
    }
}
