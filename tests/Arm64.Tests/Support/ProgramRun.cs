using System.Diagnostics;

namespace Conlink.Arm64.Tests.Support;

/// <summary>What one run of a program printed and returned.</summary>
internal sealed record ProgramRun(int ExitCode, string Out, string Error)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Runs <paramref name="program"/> with exactly <paramref name="environment"/>; fails after <paramref name="timeout"/>.</summary>
    public static ProgramRun Of(string program, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment,
        string workingDirectory, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment.Clear();
        foreach (var (name, value) in environment) start.Environment[name] = value;

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? DefaultTimeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"{program} {string.Join(' ', start.ArgumentList)} did not end within {timeout ?? DefaultTimeout}; " +
                $"it printed: {output.Result}{error.Result}");
        }
        return new ProgramRun(process.ExitCode, output.Result, error.Result);
    }

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}
