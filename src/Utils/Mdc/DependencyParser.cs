namespace Conlink.Utils.Mdc;

/// <summary>
/// Parses the resolve-deps dependency syntax: names separated by white space or commas, <c>#</c> comments,
/// <c>a|b</c> for alternatives and <c>+name</c> for an order-only dependency.
/// </summary>
public static class DependencyParser
{
    private static readonly char[] Separators = [' ', '\t', '\r', '\n', '\f', '\v', ','];

    public static IReadOnlyList<Dependency> Parse(string text) =>
        text.Split('\n')
            .Select(line => line.Split('#')[0])
            .SelectMany(line => line.Split(Separators, StringSplitOptions.RemoveEmptyEntries))
            .Select(ParseOne)
            .OfType<Dependency>()
            .ToArray();

    private static Dependency? ParseOne(string token)
    {
        if (token.Contains('|'))
        {
            var alternatives = token.Split('|', StringSplitOptions.RemoveEmptyEntries);
            return alternatives.Length == 0 ? null : new RequiresAnyOf(alternatives);
        }
        if (token.StartsWith('+'))
            return token.Length == 1 ? null : new OrderedAfter(token[1..]);
        return new Requires(token);
    }
}
