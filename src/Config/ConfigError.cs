namespace Conlink.Config;

/// <summary>
/// One problem in the user's configuration, located as precisely as the source allows:
/// <c>FILE:LINE:COL: PATH: message</c>. <see cref="Line"/> and <see cref="Column"/> are 1-based,
/// or 0 when the problem concerns a whole file; <see cref="Path"/> is empty for a whole document.
/// </summary>
public sealed record ConfigError(string File, int Line, int Column, string Path, string Message)
{
    public override string ToString()
    {
        var position = Line > 0 ? $"{File}:{Line}:{Column}" : File;
        return Path.Length > 0 ? $"{position}: {Path}: {Message}" : $"{position}: {Message}";
    }
}
