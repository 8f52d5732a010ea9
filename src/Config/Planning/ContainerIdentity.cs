namespace Conlink.Config.Planning;

/// <summary>
/// What conlink knows of a running container, read once when it starts: its name, its
/// compose project/service and replica index (1-based), and its network namespace's pid.
/// </summary>
public sealed record ContainerIdentity
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public string? Service { get; init; }
    public string? Project { get; init; }
    public string? ProjectWorkingDir { get; init; }
    public int Index { get; init; } = 1;
    public int Pid { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
}
