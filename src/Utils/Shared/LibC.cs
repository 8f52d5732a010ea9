using System.Runtime.InteropServices;

namespace Conlink.Utils;

/// <summary>The few libc calls the utilities need that .NET does not expose.</summary>
internal static unsafe partial class LibC
{
    public const int X_OK = 1;
    public const int SIGPIPE = 13;
    public const nint SIG_DFL = 0;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int execvp(byte* file, byte** argv);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int access(string path, int mode);

    [LibraryImport("libc")]
    public static partial nint signal(int signum, nint handler);

    [LibraryImport("libc")]
    public static partial uint umask(uint mask);
}
