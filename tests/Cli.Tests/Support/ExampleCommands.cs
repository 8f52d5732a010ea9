using System.Text.RegularExpressions;

namespace Conlink.Cli.Tests.Support;

/// <summary>The examples/ projects and the arguments their conlink service runs with.</summary>
internal static partial class ExampleCommands
{
    public static TheoryData<string> Examples => new("router", "scale", "multi-file", "impairment", "bridge-modes", "forward", "commands", "utils-templating");

    /// <summary>
    /// The arguments the example's conlink service passes (its compose command), with /test
    /// mapped to the example's folder; for multi-file, COMPOSE_FILE is what mdc writes for all modes.
    /// </summary>
    public static string[] ServiceArguments(string example)
    {
        var directory = RepositoryPaths.Of("examples", example);
        var composeFile = example == "multi-file" ? Path.Combine(directory, "modes", "base", "compose.yaml") : Path.Combine(directory, "compose.yaml");
        var command = ConlinkCommand().Match(File.ReadAllText(composeFile)).Groups[1].Value;
        var allModes = string.Join(':', new[] { "base", "node1", "nodes2", "web" }.Select(m => Path.Combine(directory, "modes", m, "compose.yaml")));
        return ComposeVariable().Replace(command, allModes)
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(arg => arg.Replace("/test/", directory + "/", StringComparison.Ordinal))
            .ToArray();
    }

    [GeneratedRegex(@"command: /app/conlink (.*)")]
    private static partial Regex ConlinkCommand();

    [GeneratedRegex(@"\$\{COMPOSE_FILE[^}]*\}")]
    private static partial Regex ComposeVariable();
}
