using System.Runtime.InteropServices;

namespace Conlink.Utils;

/// <summary>
/// Replaces the running process with a command (<c>execvp</c>), as a shell's <c>exec</c> does:
/// the command keeps the process id, so it stays PID 1 in a container and gets its signals.
/// </summary>
public static unsafe class ProcessReplacement
{
    /// <summary>Returns only when the exec failed, with the errno.</summary>
    public static int Exec(IReadOnlyList<string> command)
    {
        ArgumentOutOfRangeException.ThrowIfZero(command.Count);

        var argv = new byte*[command.Count + 1];
        try
        {
            for (var i = 0; i < command.Count; i++)
                argv[i] = (byte*)Marshal.StringToCoTaskMemUTF8(command[i]);

            // The .NET runtime ignores SIGPIPE; an ignored signal stays ignored across exec.
            LibC.signal(LibC.SIGPIPE, LibC.SIG_DFL);
            Console.Out.Flush();
            Console.Error.Flush();

            fixed (byte** argvPointer = argv)
                LibC.execvp(argv[0], argvPointer);
            return Marshal.GetLastPInvokeError();
        }
        finally
        {
            foreach (var arg in argv)
                Marshal.FreeCoTaskMem((nint)arg);
        }
    }
}
