namespace Conlink.E2E.Harness;

/// <summary>The outcome of a finished command: what ran, its exit code and its output.</summary>
public sealed record CommandResult(string CommandLine, int ExitCode, string Stdout, string Stderr)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>This result, or an exception that shows the command and its output.</summary>
    public CommandResult EnsureSuccess() =>
        Succeeded ? this : throw new CommandFailedException(this);

    public override string ToString() =>
        $"`{CommandLine}` exited {ExitCode}\n--- stdout:\n{Stdout}\n--- stderr:\n{Stderr}";
}

public sealed class CommandFailedException(CommandResult result) : Exception(result.ToString())
{
    public CommandResult Result { get; } = result;
}
