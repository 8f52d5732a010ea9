using System.Diagnostics;
using System.Globalization;
using System.Text;
using Conlink.Config;

namespace Conlink.Benchmarks.Loading;

/// <summary>
/// Config loading under hostile input (issue 12, item 1): each input is generated into a scratch directory and
/// loaded from its file as conlink loads it (<see cref="ConfigLoader.Load(ConfigSources, ConfigLoadOptions)"/>),
/// the error report formatted as the CLI prints it. For each: the outcome (loaded, or located errors), wall and
/// CPU time, CPU time per megabyte, and the peak RSS of the process that loaded it (a fresh one per input, .NET
/// runtime and JIT included, as a conlink start would have them). Anything but a load or a
/// <see cref="ConfigException"/> whose errors all name the input's file fails the benchmark.
/// Targets: under a second of CPU per megabyte, under 300 MB.
/// </summary>
internal static class ConfigLoadBenchmark
{
    private const double TargetSecondsPerMegabyte = 1.0;
    private const double TargetPeakRssMegabytes = 300;

    private sealed record Input(string Name, Func<string, string> Create);

    public static int Run()
    {
        var directory = Directory.CreateTempSubdirectory("cbench-load-");
        try
        {
            return Run(directory.FullName);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static int Run(string directory)
    {
        Input[] inputs =
        [
            new("200 000 keys in one mapping, one duplicate", path => Write(path,
                "x-network:\n  links: [{service: a, bridge: s1}]\n  x:\n" + Lines(200_000, i => $"    k{i}: 1\n") + "    k7: 2\n")),
            new("20 000 services, a fragment each", path => Write(path,
                "services:\n" + Lines(20_000, i => $"  s{i}:\n    image: alpine\n    x-network:\n      links: [{{bridge: s1, ip: 10.{i / 250}.{i % 250}.1/24}}]\n"))),
            new("30 000 services, near the value cap", path => Write(path,
                "services:\n" + Lines(30_000, i => $"  s{i}:\n    image: alpine\n    x-network:\n      links:\n        - {{bridge: s{i % 50}, ip: 10.{i / 250}.{i % 250}.1/24, mtu: 1500}}\n"))),
            new("200 000 nested flow sequences", path => Write(path, Nested("x-network:\n  links: ", "[", "]"))),
            new("200 000 nested flow mappings", path => Write(path, Nested("x-network:\n  links: ", "{a: ", "}"))),
            new("200 000 nested block sequences", path => Write(path, Nested("x-network:\n  links:\n  ", "- ", ""))),
            new("600 000 values in one flow sequence", path => Write(path,
                "x-network:\n  links: [{service: a, bridge: s1}]\n  x: [" + string.Join(",", Enumerable.Repeat("1", 600_000)) + "]\n")),
            new("aliases doubling 40 times", path => Write(path,
                "x-network:\n  a0: &a0 [1, 1]\n" + Lines(40, i => $"  a{i + 1}: &a{i + 1} [*a{i}, *a{i}]\n"))),
            new("50 000 invalid links", path => Write(path,
                "x-network:\n  links:\n" + Lines(50_000, i => $"    - {{service: s{i}, bridge: s1, mtu: 1}}\n"))),
            new("a 4 MB value", path => Write(path,
                "x-network:\n  links:\n    - {service: a, bridge: s1, ip: '" + new string('7', 4_000_000) + "'}\n")),
            new("a 20 MiB file", path =>
            {
                using (var file = File.Create(path)) file.SetLength(20L * 1024 * 1024);
                return path;
            }),
            new("/dev/zero through a symbolic link", path =>
            {
                File.CreateSymbolicLink(path, "/dev/zero");
                return path;
            }),
            new("a FIFO", path =>
            {
                using var mkfifo = Process.Start("mkfifo", [path])!;
                mkfifo.WaitForExit();
                return path;
            }),
        ];

        Console.WriteLine($"config loading: {inputs.Length} generated inputs, each loaded from its file in a fresh process ({Environment.ProcessorCount} cores)");
        Console.WriteLine($"  {"input",-46} {"MB",6} {"wall ms",8} {"cpu ms",8} {"cpu s/MB",8} {"peak RSS",9}  outcome");
        var (worstSecondsPerMegabyte, worstMilliseconds, peakRss, failed) = (0.0, 0.0, 0.0, false);
        for (var i = 0; i < inputs.Length; i++)
        {
            var path = inputs[i].Create(Path.Join(directory, $"input{i}.yaml"));
            var megabytes = SizeOf(path) / 1e6;
            var (wall, cpu, rss, ok, outcome) = LoadInChild(path);
            // Per megabyte only where there are megabytes to read; a refused special file is measured by its time alone.
            var secondsPerMegabyte = megabytes >= 0.1 ? cpu / 1000 / megabytes : 0;
            Console.WriteLine($"  {inputs[i].Name,-46} {megabytes,6:F1} {wall,8:F0} {cpu,8:F0} {secondsPerMegabyte,8:F3} {rss,6:F0} MB  {outcome}");
            worstSecondsPerMegabyte = Math.Max(worstSecondsPerMegabyte, secondsPerMegabyte);
            worstMilliseconds = Math.Max(worstMilliseconds, wall);
            peakRss = Math.Max(peakRss, rss);
            failed |= !ok;
        }

        // CPU time, not wall time, against the target: the machine is shared, and waiting for a core is not the loader's cost.
        var met = worstSecondsPerMegabyte < TargetSecondsPerMegabyte && peakRss < TargetPeakRssMegabytes && !failed;
        Console.WriteLine($"targets: < {TargetSecondsPerMegabyte} CPU s/MB, < {TargetPeakRssMegabytes} MB peak RSS, every outcome a load or located errors: {(met ? "met" : "MISSED")}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT load inputs={inputs.Length} worst_cpu_s_per_mb={worstSecondsPerMegabyte:F3} worst_wall_ms={worstMilliseconds:F0} peak_rss_mb={peakRss:F0} unlocated={(failed ? 1 : 0)}"));
        return failed ? 1 : 0;
    }

    /// <summary>The child's side: loads one file and prints wall ms, CPU ms, peak RSS MB, whether the outcome was located, and the outcome.</summary>
    public static int RunOne(string path)
    {
        var options = new ConfigLoadOptions();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var timer = Stopwatch.StartNew();
        var outcome = Load(path, options, out var ok);
        timer.Stop();
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{timer.Elapsed.TotalMilliseconds:F1} {cpu.TotalMilliseconds:F1} {PeakRssMegabytes():F1} {(ok ? 1 : 0)} {outcome}"));
        return 0;
    }

    private static (double Wall, double Cpu, double Rss, bool Ok, string Outcome) LoadInChild(string path)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { typeof(ConfigLoadBenchmark).Assembly.Location, "load-one", path }) start.ArgumentList.Add(arg);
        using var child = Process.Start(start)!;
        var error = child.StandardError.ReadToEndAsync();
        var output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        var fields = output.Trim().Split(' ', 5);
        if (child.ExitCode != 0 || fields.Length < 5)
            return (0, 0, 0, false, $"FAILED exit {child.ExitCode}: {output.Trim()} {error.Result.Trim()}");
        double Number(int i) => double.Parse(fields[i], CultureInfo.InvariantCulture);
        return (Number(0), Number(1), Number(2), fields[3] == "1", fields[4]);
    }

    private static string Load(string path, ConfigLoadOptions options, out bool ok)
    {
        var sources = new ConfigSources([path], []);
        try
        {
            var config = ConfigLoader.Load(sources, options);
            ok = true;
            return $"loaded, {config.Services.Count} services";
        }
        catch (ConfigException e)
        {
            var lines = e.ReportLines();
            ok = e.Errors.All(error => error.File == path);
            var first = lines[0][(path.Length + 1)..].Trim();
            var more = e.Errors.Count > 1 ? $" (+{e.Errors.Count - 1}, {lines.Count} lines printed)" : "";
            return (ok ? "" : "UNLOCATED ") + (first.Length > 70 ? first[..70] + "…" : first) + more;
        }
        catch (Exception e)
        {
            ok = false;
            return $"FAILED {e.GetType().Name}: {e.Message}";
        }
    }

    // The link itself, not what it names: /dev/zero has no size to measure.
    private static long SizeOf(string path) => new FileInfo(path) is { LinkTarget: null } file ? file.Length : 0;

    private static string Write(string path, string text)
    {
        File.WriteAllText(path, text);
        return path;
    }

    private static string Lines(int count, Func<int, string> line)
    {
        var text = new StringBuilder();
        for (var i = 0; i < count; i++) text.Append(line(i));
        return text.ToString();
    }

    private static string Nested(string start, string open, string close) =>
        start + string.Concat(Enumerable.Repeat(open, 200_000)) + "x" + string.Concat(Enumerable.Repeat(close, 200_000)) + "\n";

    private static double PeakRssMegabytes()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }
}
