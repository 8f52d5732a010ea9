namespace Conlink.Utils.Tests.Support;

/// <summary>A fresh directory under the system temp directory, deleted with everything in it on dispose.</summary>
public sealed class TemporaryDirectory : IDisposable
{
    public TemporaryDirectory() => Path = Directory.CreateTempSubdirectory("conlink-utils-tests-").FullName;

    public string Path { get; }

    public string Join(params string[] parts) => System.IO.Path.Join([Path, .. parts]);

    /// <summary>Writes a file (creating its directories) and returns its full path.</summary>
    public string Write(string relativePath, string content, UnixFileMode? mode = null)
    {
        var path = Join(relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        if (mode is { } unixMode)
            File.SetUnixFileMode(path, unixMode);
        return path;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
