using System.Runtime.InteropServices;

namespace Conlink.Utils;

/// <summary>Hands the process over to the command given after <c>--</c>, once a tool's work is done.</summary>
public static class CommandHandoff
{
    /// <summary>
    /// Execs the command; returns (an exit code) only when there is no command (0), the command does not
    /// exist (1), or the exec failed (126).
    /// </summary>
    public static int Run(string tool, IReadOnlyList<string> command, TextWriter log)
    {
        if (command.Count == 0)
            return 0;

        if (CommandLocator.Locate(command[0], Environment.GetEnvironmentVariable("PATH")) is null)
        {
            log.WriteLine($"{tool}: command not found: {command[0]}");
            return ToolError.FailureExitCode;
        }

        log.WriteLine($"{tool}: running: {string.Join(' ', command)}");
        var errno = ProcessReplacement.Exec(command);
        log.WriteLine($"{tool}: cannot execute {command[0]}: {Marshal.GetPInvokeErrorMessage(errno)}");
        return 126;
    }
}
