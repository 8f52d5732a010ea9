namespace Conlink.Syntax;

/// <summary>The kernel's rules for interface names (dev_valid_name), checked before a request is sent.</summary>
public static class InterfaceName
{
    /// <summary>IFNAMSIZ minus the terminating NUL.</summary>
    public const int MaxLength = 15;

    public static bool IsValid(string name) => Problem(name) is null;

    /// <summary>Throws an <see cref="ArgumentException"/> that says what is wrong with the name.</summary>
    public static string Validate(string name, string parameter = "name") =>
        Problem(name) is { } problem ? throw new ArgumentException(problem, parameter) : name;

    private static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name)) return "an interface name must not be empty";
        if (System.Text.Encoding.UTF8.GetByteCount(name) > MaxLength)
            return $"interface name '{name}' is longer than {MaxLength} characters";
        if (name is "." or "..") return $"'{name}' is not a valid interface name";
        foreach (var c in name)
            if (c is '/' or ':' || char.IsWhiteSpace(c))
                return $"interface name '{name}' contains '{c}', which the kernel forbids";
        return null;
    }
}
