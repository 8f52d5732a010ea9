using System.Diagnostics;
using System.Text.Json;

namespace Conlink.Netlink.Tests.Support;

/// <summary>Runs iproute2 and friends to read state back independently of the library.</summary>
public static class Tool
{
    public static string Run(string file, params string[] arguments)
    {
        var result = TryRun(file, arguments);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {result.ExitCode}: {result.Error}");
        return result.Output;
    }

    public static (int ExitCode, string Output, string Error) TryRun(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error);
    }

    /// <summary>Runs <c>ip -n NS -j ARGS</c> (or <c>tc</c>) and parses its JSON answer.</summary>
    public static JsonElement Json(string tool, string ns, params string[] arguments)
    {
        var output = Run(tool, ["-n", ns, "-j", .. arguments]);
        return JsonDocument.Parse(string.IsNullOrWhiteSpace(output) ? "[]" : output).RootElement;
    }

    public static bool Exists(string file) =>
        Environment.GetEnvironmentVariable("PATH")!.Split(':').Any(dir => File.Exists(Path.Combine(dir, file)));
}
