using System.Text;

namespace Conlink.Utils.Mdc;

/// <summary>
/// Composes the env file docker compose reads: each mode's env files in order, each wrapped in
/// <c>### mdc begin/end</c> comments and announcing <c>MDC_MODE_&lt;mode&gt;=enabled</c>, then the
/// COMPOSE_FILE, COMPOSE_DIR, COMPOSE_PROFILES and MDC_MODE_DIRS settings.
/// </summary>
public static class EnvFileWriter
{
    /// <summary>The first compose file: it anchors every mode's relative paths to the directory mdc runs in.</summary>
    public const string EmptyComposeFile = "./.compose-empty.yaml";
    public const string EmptyComposeText = "services: {}\n";

    public static string Render(string commandLine, IReadOnlyList<ModeContent> modes, string composeDirectory)
    {
        var env = new StringBuilder();
        env.Append("### mdc command line: ").Append(commandLine).Append('\n');
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

    /// <summary><c>MDC_MODE_</c> and the mode name with every character but ASCII letters replaced by '_'.</summary>
    public static string ModeVariable(string modeName) =>
        "MDC_MODE_" + string.Concat(modeName.Select(c => char.IsAsciiLetter(c) ? c : '_'));
}
