namespace Conlink.Syntax;

/// <summary>
/// A route or tc option string could not be parsed. The message quotes the offending token and
/// the whole text, so a user can find it in their configuration.
/// </summary>
public sealed class SyntaxException : FormatException
{
    public SyntaxException(string problem, string token, string text)
        : base($"{problem}: '{token}' in '{text}'")
    {
        Token = token;
        Text = text;
    }

    /// <summary>The token that is wrong (or the last one, when something is missing after it).</summary>
    public string Token { get; }

    /// <summary>The whole text being parsed.</summary>
    public string Text { get; }
}
