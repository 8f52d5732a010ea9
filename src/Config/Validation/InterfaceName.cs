namespace Conlink.Config.Validation;

/// <summary>
/// Rules for interface (and bridge) names. Linux allows up to 15 bytes and anything but '/',
/// ':' and whitespace; conlink is stricter and takes ASCII letters, digits, '.', '-' and '_',
/// and not '-' first, so a name is always safe to log, to pass to tools as an argument and to read back.
/// </summary>
internal static class InterfaceName
{
    public const int MaxLength = 15;

    /// <summary>Why <paramref name="name"/> is not a valid interface name, or null when it is.</summary>
    public static string? Problem(string name)
    {
        if (name.Length > MaxLength) return $"'{name}' is longer than {MaxLength} characters";
        if (name is "." or ".." || !AllAllowed(name))
            return $"'{name}' is not a valid interface name (use letters, digits, '.', '-' and '_')";
        if (name.StartsWith('-'))
            return $"'{name}' starts with '-', which tools such as ovs-vsctl and ethtool would take for an option";
        return null;
    }

    private static bool AllAllowed(string name)
    {
        foreach (var c in name)
            if (!IsAllowed(c)) return false;
        return true;
    }

    private static bool IsAllowed(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_';
}
