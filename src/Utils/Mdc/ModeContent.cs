namespace Conlink.Utils.Mdc;

/// <summary>
/// What a selected mode contributes: its compose file (the first that exists; docker compose reads it) and its
/// env files, read by mdc itself and so read as <see cref="RegularFile"/> reads: a symbolic link, a FIFO or a
/// device there is an error, not a hang or another file's content copied into the env file.
/// </summary>
public sealed record ModeContent(Mode Mode, string? ComposeFile, IReadOnlyList<ModeContent.EnvFile> EnvFiles)
{
    public sealed record EnvFile(string Path, string Text);

    public static readonly IReadOnlyList<string> ComposeFileNames =
        ["compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"];

    public static readonly IReadOnlyList<string> EnvFileNames = ["env", ".env"];

    public static ModeContent Read(Mode mode) => new(
        mode,
        ComposeFileNames.Select(name => Path.Join(mode.Path, name)).FirstOrDefault(Path.Exists),
        EnvFileNames
            .Select(name => Path.Join(mode.Path, name))
            .Where(RegularFile.Exists)
            .Select(path => new EnvFile(path, RegularFile.ReadText(path)))
            .ToArray());
}
