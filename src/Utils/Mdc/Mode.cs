namespace Conlink.Utils.Mdc;

/// <summary>A mode: a directory under one of the MODES_DIR directories, with what its <c>deps</c> file asks for.</summary>
public sealed record Mode(string Name, string Path, IReadOnlyList<Dependency> Dependencies);
