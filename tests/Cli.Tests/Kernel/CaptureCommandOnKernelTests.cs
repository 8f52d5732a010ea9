using System.Diagnostics;
using System.Text.RegularExpressions;
using Conlink.Cli.Shell;
using Conlink.Cli.Tests.Support;
using Conlink.Testing;
using Xunit.Abstractions;

namespace Conlink.Cli.Tests.Kernel;

/// <summary><c>conlink capture</c> against a real engine on the real kernel, over its Unix socket, read back by Debian's tcpdump.</summary>
public sealed class CaptureCommandOnKernelTests(ITestOutputHelper output)
{
    private const string TwoNodes = """
        services:
          a:
            x-network:
              links: [{bridge: s1, ip: 10.0.0.1/24}]
          b:
            x-network:
              links: [{bridge: s1, ip: 10.0.0.2/24}]
        """;

    [SkippableFact]
    public async Task Capture_streamed_to_stdout_is_read_by_tcpdump_from_a_pipe_with_the_echoes()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        Skip.IfNot(File.Exists("/usr/bin/tcpdump"), "needs Debian's tcpdump (apt-get install tcpdump; scripts/setup.sh installs it)");
        await using var conlink = new KernelConlink(TwoNodes);
        await conlink.StartServicesAsync("a", "b");
        var a = conlink.Runtime.InspectAsync("a_1", CancellationToken.None).GetAwaiter().GetResult()!;
        Ping(a.Pid, 1);

        var stdout = new MemoryStream();
        var capture = RunAsync(["capture", "a:eth0", "-w", "-", "--duration", "1.5", "--socket", conlink.StatusSocket], stdout);
        await Task.Delay(300);
        Ping(a.Pid, 4);
        var run = await capture;
        output.WriteLine(run.Error);

        Assert.Equal(0, run.ExitCode);
        var tcpdump = Pipe("tcpdump", ["-n", "-r", "-"], stdout.ToArray());
        output.WriteLine(tcpdump.Out + tcpdump.Error);
        Assert.Equal(0, tcpdump.ExitCode);
        Assert.Equal(4, Regex.Matches(tcpdump.Out, @"10\.0\.0\.1 > 10\.0\.0\.2: ICMP echo request").Count);
        Assert.Equal(4, Regex.Matches(tcpdump.Out, @"10\.0\.0\.2 > 10\.0\.0\.1: ICMP echo reply").Count);
        Assert.Matches(@"^\d+ packets captured", run.Error);
    }

    [SkippableFact]
    public async Task A_count_ends_the_capture_with_a_complete_file_of_exactly_that_many_packets()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        Skip.IfNot(File.Exists("/usr/bin/tcpdump"), "needs Debian's tcpdump (apt-get install tcpdump; scripts/setup.sh installs it)");
        await using var conlink = new KernelConlink(TwoNodes);
        await conlink.StartServicesAsync("a", "b");
        var a = conlink.Runtime.InspectAsync("a_1", CancellationToken.None).GetAwaiter().GetResult()!;
        var file = Path.Combine(Path.GetTempPath(), $"conlink-capture-{Guid.NewGuid():N}.pcapng");
        try
        {
            var capture = RunAsync(["capture", "a_1:eth0", "b:eth0", "-c", "6", "-w", file, "--socket", conlink.StatusSocket], new MemoryStream());
            await Task.Delay(300);
            Ping(a.Pid, 10);
            var run = await capture.WaitAsync(TimeSpan.FromSeconds(20));

            Assert.Equal(0, run.ExitCode);
            Assert.Equal("6 packets captured\n", run.Error);
            var tcpdump = Pipe("tcpdump", ["-n", "-r", file], []);
            Assert.Equal(0, tcpdump.ExitCode);
            Assert.Equal(6, tcpdump.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [SkippableFact]
    public async Task A_target_that_does_not_exist_is_a_clear_error_and_exit_one()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        await using var conlink = new KernelConlink(TwoNodes);
        await conlink.StartServicesAsync("a", "b");

        var run = await RunAsync(["capture", "a_1:eth9", "-w", "-", "--socket", conlink.StatusSocket], new MemoryStream());

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("conlink capture: a_1:eth9: a_1 has no link eth9 (it has eth0)\n", run.Error);
    }

    [SkippableFact]
    public async Task A_capture_file_that_is_a_symlink_is_refused_and_its_target_is_left_alone()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        await using var conlink = new KernelConlink(TwoNodes);
        await conlink.StartServicesAsync("a", "b");
        var dir = Directory.CreateTempSubdirectory("conlink-rev-host-capture-").FullName;
        try
        {
            var victim = Path.Combine(dir, "victim");
            File.WriteAllText(victim, "precious\n");
            var link = Path.Combine(dir, "out.pcapng");
            File.CreateSymbolicLink(link, victim);

            var run = await RunAsync(["capture", "a_1:eth0", "-c", "1", "-w", link, "--socket", conlink.StatusSocket], new MemoryStream())
                .WaitAsync(TimeSpan.FromSeconds(20));

            Assert.Equal(1, run.ExitCode);
            Assert.Contains("is a symbolic link", run.Error, StringComparison.Ordinal);
            Assert.Equal("precious\n", File.ReadAllText(victim));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Error)> RunAsync(string[] args, Stream stdout)
    {
        var error = new StringWriter();
        var host = new CliHost(new StringWriter(), error, _ => null, _ => false) { OpenStandardOutput = () => stdout };
        var exitCode = await Task.Run(() => Program.RunAsync(args, host));
        return (exitCode, error.ToString());
    }

    private static void Ping(int pid, int count)
    {
        var (code, text) = KernelProbe.InNamespaceOf(pid, "ping", "-c", count.ToString(), "-i", "0.05", "-W", "2", "10.0.0.2");
        Assert.True(code == 0, text);
    }

    private static (int ExitCode, string Out, string Error) Pipe(string program, string[] args, byte[] input)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.BaseStream.Write(input);
        process.StandardInput.Close();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
