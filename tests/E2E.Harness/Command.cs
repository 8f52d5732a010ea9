using System.Diagnostics;

namespace Conlink.E2E.Harness;

/// <summary>Runs a program to completion, capturing its output, within a time limit.</summary>
public static class Command
{
    public static async Task<CommandResult> RunAsync(
        string program,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null)
    {
        var startInfo = StartInfo(program, arguments, environment, workingDirectory);
        var commandLine = CommandLine(startInfo);

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"could not start `{commandLine}`");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException(
                $"`{commandLine}` did not finish within {timeout.TotalSeconds:0.#} s\n--- stdout:\n{await stdout}\n--- stderr:\n{await stderr}");
        }
        return new CommandResult(commandLine, process.ExitCode, await stdout, await stderr);
    }

    /// <summary>
    /// Runs <paramref name="program"/> with its stdout, as bytes, piped into <paramref name="reader"/>'s stdin
    /// (a shell's <c>program | reader</c>, without a shell), both within the time limit. The writer's result has
    /// no stdout (it went into the reader).
    /// </summary>
    public static async Task<(CommandResult Writer, CommandResult Reader)> PipeAsync(
        string program,
        IEnumerable<string> arguments,
        string reader,
        IEnumerable<string> readerArguments,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null)
    {
        var writerInfo = StartInfo(program, arguments, environment, workingDirectory);
        var readerInfo = StartInfo(reader, readerArguments, environment, workingDirectory);
        var commandLine = $"{CommandLine(writerInfo)} | {CommandLine(readerInfo)}";

        using var readerProcess = Process.Start(readerInfo) ?? throw new InvalidOperationException($"could not start `{CommandLine(readerInfo)}`");
        using var writerProcess = Process.Start(writerInfo) ?? throw new InvalidOperationException($"could not start `{CommandLine(writerInfo)}`");
        writerProcess.StandardInput.Close();
        var writerErr = writerProcess.StandardError.ReadToEndAsync();
        var readerOut = readerProcess.StandardOutput.ReadToEndAsync();
        var readerErr = readerProcess.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await writerProcess.StandardOutput.BaseStream.CopyToAsync(readerProcess.StandardInput.BaseStream, deadline.Token);
            readerProcess.StandardInput.Close();
            await writerProcess.WaitForExitAsync(deadline.Token);
            await readerProcess.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            writerProcess.Kill(entireProcessTree: true);
            readerProcess.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{commandLine}` did not finish within {timeout.TotalSeconds:0.#} s\n--- stderr:\n{await writerErr}\n{await readerErr}");
        }
        return (new CommandResult(CommandLine(writerInfo), writerProcess.ExitCode, "", await writerErr),
            new CommandResult(CommandLine(readerInfo), readerProcess.ExitCode, await readerOut, await readerErr));
    }

    private static ProcessStartInfo StartInfo(string program, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment, string? workingDirectory)
    {
        var startInfo = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments) startInfo.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            startInfo.Environment[name] = value;
        return startInfo;
    }

    private static string CommandLine(ProcessStartInfo startInfo) =>
        string.Join(' ', startInfo.ArgumentList.Prepend(startInfo.FileName).Select(Quote));

    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,@%+".Contains(c))
            ? argument
            : "'" + argument.Replace("'", "'\\''") + "'";
}
