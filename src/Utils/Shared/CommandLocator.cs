namespace Conlink.Utils;

/// <summary>Finds the executable that <c>execvp</c> would run for a command name, as <c>which</c> does.</summary>
public static class CommandLocator
{
    /// <summary>The search path execvp uses when PATH is unset.</summary>
    public const string DefaultSearchPath = "/bin:/usr/bin";

    /// <returns>The path of the executable, or null when there is none.</returns>
    public static string? Locate(string command, string? searchPath)
    {
        if (command.Length == 0)
            return null;
        if (command.Contains('/'))
            return IsExecutableFile(command) ? command : null;

        foreach (var directory in (searchPath ?? DefaultSearchPath).Split(':'))
        {
            var candidate = Path.Join(directory.Length == 0 ? "." : directory, command);
            if (IsExecutableFile(candidate))
                return candidate;
        }
        return null;
    }

    private static bool IsExecutableFile(string path) =>
        File.Exists(path) && LibC.access(path, LibC.X_OK) == 0;
}
