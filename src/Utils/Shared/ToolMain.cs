namespace Conlink.Utils;

/// <summary>The common outer shell of every utility: runs its body and turns a <see cref="ToolError"/> into a message and exit code.</summary>
public static class ToolMain
{
    public static int Run(string tool, string usage, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (ToolError error)
        {
            Console.Error.WriteLine($"{tool}: {error.Message}");
            if (error.IsUsageError)
                Console.Error.Write(usage);
            return error.ExitCode;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // Whatever the file system refuses is a message and exit 1, never an unhandled exception (exit 134).
            Console.Error.WriteLine($"{tool}: {error.Message}");
            return ToolError.FailureExitCode;
        }
    }
}
