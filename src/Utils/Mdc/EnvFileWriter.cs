using System.Text;

namespace Conlink.Utils.Mdc;

/// <summary>
/// Composes the env file docker compose reads: each mode's env files in order, each wrapped in
/// <c>### mdc begin/end</c> comments and announcing <c>MDC_MODE_&lt;mode&gt;=enabled</c>, then the
/// COMPOSE_FILE, COMPOSE_DIR, COMPOSE_PROFILES and MDC_MODE_DIRS settings. Names and paths are written as they
/// are, so one that would change what compose reads (a newline starts a new variable, a quote ends a value, a
/// '$' is interpolated, a ':' splits COMPOSE_FILE) is refused; the command line, only a comment, has its
/// control characters escaped.
/// </summary>
public static class EnvFileWriter
{
    /// <summary>The first compose file: it anchors every mode's relative paths to the directory mdc runs in.</summary>
    public const string EmptyComposeFile = "./.compose-empty.yaml";
    public const string EmptyComposeText = "services: {}\n";

    public static string Render(string commandLine, IReadOnlyList<ModeContent> modes, string composeDirectory)
    {
        foreach (var mode in modes)
        {
            Check($"mode name '{Shown(mode.Mode.Name)}'", mode.Mode.Name, ',');
            Check($"mode directory '{Shown(mode.Mode.Path)}'", mode.Mode.Path, ',');
            if (mode.ComposeFile is { } composeFile) Check($"compose file '{Shown(composeFile)}'", composeFile, ':');
            foreach (var envFile in mode.EnvFiles) Check($"env file '{Shown(envFile.Path)}'", envFile.Path);
        }
        Check($"directory '{Shown(composeDirectory)}'", composeDirectory);

        var env = new StringBuilder();
        env.Append("### mdc command line: ").Append(Shown(commandLine)).Append('\n');
        foreach (var mode in modes)
        {
            foreach (var envFile in mode.EnvFiles)
            {
                var origin = $"mode {mode.Mode.Name} ({envFile.Path})";
                env.Append("### mdc begin ").Append(origin).Append('\n')
                    .Append(ModeVariable(mode.Mode.Name)).Append("=enabled\n")
                    .Append(envFile.Text).Append('\n')
                    .Append("### mdc end ").Append(origin).Append('\n');
            }
        }

        var composeFiles = modes.Select(mode => mode.ComposeFile).OfType<string>().Prepend(EmptyComposeFile);
        env.Append("COMPOSE_FILE=").AppendJoin(':', composeFiles).Append('\n')
            .Append("COMPOSE_DIR=").Append(composeDirectory).Append('\n')
            .Append("COMPOSE_PROFILES=").AppendJoin(',', modes.Select(mode => "MODE_" + mode.Mode.Name)).Append('\n')
            .Append("MDC_MODE_DIRS=\"").AppendJoin(',', modes.Select(mode => mode.Mode.Path)).Append("\"\n");
        return env.ToString();
    }

    private static void Check(string what, string value, char separator = '\0')
    {
        var at = value.ToList().FindIndex(c => char.IsControl(c) || c is '"' or '\'' or '\\' or '$' or '`' or '#' || c == separator);
        if (at >= 0)
            throw ToolError.Failure($"{what} contains {Describe(value[at])}, which the env file cannot hold as it is; rename it");
    }

    private static string Describe(char c) => c switch
    {
        '\n' => "a newline",
        _ when char.IsControl(c) => $"the control character \\x{(int)c:x2}",
        _ => $"'{c}'",
    };

    /// <summary>Control characters escaped, for messages and comments.</summary>
    private static string Shown(string text) =>
        text.Any(char.IsControl)
            ? string.Concat(text.Select(c => c == '\n' ? "\\n" : char.IsControl(c) ? $"\\x{(int)c:x2}" : c.ToString()))
            : text;

    /// <summary><c>MDC_MODE_</c> and the mode name with every character but ASCII letters replaced by '_'.</summary>
    public static string ModeVariable(string modeName) =>
        "MDC_MODE_" + string.Concat(modeName.Select(c => char.IsAsciiLetter(c) ? c : '_'));
}
