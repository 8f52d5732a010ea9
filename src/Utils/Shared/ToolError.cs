namespace Conlink.Utils;

/// <summary>An error that ends a tool with a message for the user and a given exit code.</summary>
public sealed class ToolError : Exception
{
    public const int FailureExitCode = 1;
    public const int UsageExitCode = 2;

    private ToolError(string message, int exitCode) : base(message) => ExitCode = exitCode;

    public int ExitCode { get; }

    public bool IsUsageError => ExitCode == UsageExitCode;

    /// <summary>The command line itself is wrong (unknown option, missing argument): exit 2.</summary>
    public static ToolError Usage(string message) => new(message, UsageExitCode);

    /// <summary>The command line is fine but the work cannot be done: exit 1.</summary>
    public static ToolError Failure(string message) => new(message, FailureExitCode);
}
