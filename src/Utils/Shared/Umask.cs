namespace Conlink.Utils;

/// <summary>The process file-creation mask.</summary>
public static class Umask
{
    public static void Set(UnixFileMode mask) => LibC.umask((uint)mask);

    /// <summary>The current mask (read by setting it and setting it back: there is no other way).</summary>
    public static UnixFileMode Current()
    {
        var mask = LibC.umask(0x12);
        LibC.umask(mask);
        return (UnixFileMode)mask;
    }
}
