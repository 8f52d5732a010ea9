namespace Conlink.Config.Loading;

/// <summary>
/// Where a node came from: its file, 1-based line and column, and its path from the document
/// root in the form <c>services.h1.x-network.links[0].ip</c>. The path is built from the parent's
/// only when asked for (mostly for an error), so a large document does not keep one path string
/// per value. Two locations are equal when file, line, column and path are.
/// </summary>
internal sealed class NodeLocation : IEquatable<NodeLocation>
{
    private readonly NodeLocation? _parent;
    private readonly string? _key;
    private readonly int _index = -1;
    private string? _path;

    public NodeLocation(string file, int line, int column, string path)
    {
        (File, Line, Column) = (file, line, column);
        _path = path;
    }

    private NodeLocation(string file, int line, int column, NodeLocation parent, string? key, int index)
    {
        (File, Line, Column) = (file, line, column);
        (_parent, _key, _index) = (parent, key, index);
    }

    public string File { get; }

    public int Line { get; }

    public int Column { get; }

    public string Path => _path ??= BuildPath();

    public NodeLocation Child(string key) => new(File, Line, Column, this, key, -1);

    public NodeLocation Item(int index) => new(File, Line, Column, this, null, index);

    /// <summary>The location of the value under <paramref name="key"/> (or at <paramref name="index"/>) of this node, written at line and column.</summary>
    public NodeLocation Below(int line, int column, string? key, int index = -1) => new(File, line, column, this, key, index);

    public ConfigError Error(string message) => new(File, Line, Column, Path, message);

    public bool Equals(NodeLocation? other) =>
        other is not null && File == other.File && Line == other.Line && Column == other.Column && Path == other.Path;

    public override bool Equals(object? obj) => Equals(obj as NodeLocation);

    public override int GetHashCode() => HashCode.Combine(File, Line, Column, Path);

    public override string ToString() => $"{File}:{Line}:{Column}: {Path}";

    private string BuildPath()
    {
        var parent = _parent!.Path;
        if (_key is not null) return parent.Length == 0 ? _key : $"{parent}.{_key}";
        return _index >= 0 ? $"{parent}[{_index}]" : parent;
    }
}
