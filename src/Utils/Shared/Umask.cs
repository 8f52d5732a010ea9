namespace Conlink.Utils;

/// <summary>The process file-creation mask.</summary>
public static class Umask
{
    public static void Set(UnixFileMode mask) => LibC.umask((uint)mask);
}
