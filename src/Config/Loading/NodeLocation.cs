namespace Conlink.Config.Loading;

/// <summary>
/// Where a node came from: its file, 1-based line and column, and its path from the document
/// root in the form <c>services.h1.x-network.links[0].ip</c>.
/// </summary>
internal sealed record NodeLocation(string File, int Line, int Column, string Path)
{
    public NodeLocation Child(string key) => this with { Path = Path.Length == 0 ? key : $"{Path}.{key}" };

    public NodeLocation Item(int index) => this with { Path = $"{Path}[{index}]" };

    public ConfigError Error(string message) => new(File, Line, Column, Path, message);
}
