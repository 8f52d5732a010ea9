namespace Conlink.E2E.Harness;

/// <summary>
/// Runs <c>mdc</c>, the modes tool that ships in the conlink image's <c>/utils</c>, on a copy of
/// an example's modes, so the repository stays untouched. mdc writes the <c>.env</c> whose
/// <c>COMPOSE_FILE</c> lists the selected modes' compose files; compose reads it from there.
/// </summary>
public static class Mdc
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Copies <paramref name="exampleDirectory"/> to a new temporary folder, runs <c>mdc MODES</c>
    /// there and returns the path of the <c>.env</c> it wrote (the folder is the project directory).
    /// </summary>
    public static async Task<string> SelectModesAsync(string exampleDirectory, string modes)
    {
        var directory = Directory.CreateTempSubdirectory("conlink-e2e-mdc-").FullName;
        DirectoryTree.Copy(exampleDirectory, directory);
        (await Command.RunAsync("docker",
            ["run", "--rm", "--network", "none", "-v", $"{directory}:/out", TestImages.Conlink, "cp", "/utils/mdc", "/out/mdc"],
            CommandTimeout)).EnsureSuccess();
        (await Command.RunAsync(Path.Combine(directory, "mdc"), [modes], CommandTimeout, workingDirectory: directory)).EnsureSuccess();
        return Path.Combine(directory, ".env");
    }

    /// <summary>The compose files an env file lists in <c>COMPOSE_FILE</c>, as full paths.</summary>
    public static IReadOnlyList<string> ComposeFilesOf(string envFile)
    {
        var line = File.ReadLines(envFile).Last(l => l.StartsWith("COMPOSE_FILE=", StringComparison.Ordinal));
        var directory = Path.GetDirectoryName(Path.GetFullPath(envFile))!;
        return line["COMPOSE_FILE=".Length..].Split(':').Select(file => Path.GetFullPath(Path.Combine(directory, file))).ToList();
    }
}
