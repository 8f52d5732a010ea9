using System.Diagnostics;
using System.Text.Json;

namespace Conlink.Testing;

/// <summary>
/// Reads the kernel's state independently of the code under test, with iproute2's JSON output,
/// and runs traffic between namespaces. For tests only.
/// </summary>
public static class KernelProbe
{
    public static bool IsRoot => Environment.UserName == "root" || Tmds.Linux.LibC.geteuid() == 0;

    /// <summary>Runs a command inside the network namespace of <paramref name="pid"/>.</summary>
    public static (int ExitCode, string Output) InNamespaceOf(int pid, params string[] argv) =>
        Run("nsenter", [$"--net=/proc/{pid}/ns/net", "--", .. argv]);

    public static (int ExitCode, string Output) InNamed(string netns, params string[] argv) =>
        Run("ip", ["netns", "exec", netns, .. argv]);

    public static JsonElement LinksOf(int pid) => Json(InNamespaceOf(pid, "ip", "-j", "-d", "addr", "show").Output);

    public static JsonElement LinksOfNamed(string netns) => Json(Run("ip", ["-n", netns, "-j", "-d", "addr", "show"]).Output);

    public static bool Ping(int fromPid, string address) =>
        InNamespaceOf(fromPid, "ping", "-c", "1", "-W", "2", address).ExitCode == 0;

    public static (int ExitCode, string Output) Run(string program, IReadOnlyList<string> args)
    {
        var (exitCode, stdout, stderr) = Capture(program, args);
        return (exitCode, stdout + stderr);
    }

    /// <summary>Runs a program to its end; its output and its errors apart.</summary>
    public static (int ExitCode, string Stdout, string Stderr) Capture(string program, IReadOnlyList<string> args)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout, stderr.Result);
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();
}
