using System.Diagnostics;

namespace Conlink.Benchmarks.Netlink;

/// <summary>Runs iproute2's <c>ip</c>, failing loudly when a command fails.</summary>
internal static class IpTool
{
    public static void Run(params string[] arguments) => Execute(arguments, input: null);

    /// <summary><c>ip -n NS -batch -</c> with <paramref name="commands"/> on standard input.</summary>
    public static void Batch(string ns, string commands) => Execute(["-n", ns, "-batch", "-"], commands);

    private static void Execute(string[] arguments, string? input)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardError = true, RedirectStandardInput = input is not null };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("ip could not be started");
        if (input is not null)
        {
            process.StandardInput.Write(input);
            process.StandardInput.Close();
        }
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)} failed ({process.ExitCode}): {error.Trim()}");
    }
}
