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
/// When <c>CONLINK_BENCH_CLI</c> names a conlink binary (scripts/bench.sh publishes the one the image ships), each
/// input is also given to <c>conlink validate --compose-file</c> under GNU time: what a user waits for, process
/// start included. Targets, for both: under a second of CPU per megabyte, under 300 MB.
/// </summary>
internal static class ConfigLoadBenchmark
{
    private const double TargetSecondsPerMegabyte = 1.0;
    private const double TargetPeakRssMegabytes = 300;

    private sealed record Input(string Name, Func<string, string> Create);

    public static int Run()
    {
        var cli = Environment.GetEnvironmentVariable("CONLINK_BENCH_CLI") is { Length: > 0 } path ? path : null;
        if (cli is not null && !File.Exists(cli))
        {
            Console.Error.WriteLine($"CONLINK_BENCH_CLI: {cli}: no such file");
            return 2;
        }
        if (cli is not null && !File.Exists(GnuTime))
        {
            Console.Error.WriteLine($"{GnuTime} is missing (scripts/setup.sh installs it): it measures the CLI's CPU time and peak RSS");
            return 2;
        }
        var directory = Directory.CreateTempSubdirectory("cbench-load-");
        try
        {
            return Run(directory.FullName, cli);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static int Run(string directory, string? cli)
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

        Console.WriteLine($"config loading: {inputs.Length} generated inputs, each loaded from its file in a fresh process, the median of {Runs} by CPU time ({Environment.ProcessorCount} cores)");
        if (cli is not null) Console.WriteLine($"  then given to {cli} validate --compose-file (the 'cli' lines)");
        Console.WriteLine($"  {"input",-46} {"MB",6} {"wall ms",8} {"cpu ms",8} {"cpu s/MB",8} {"peak RSS",9}  outcome");
        Worst loader = new(), command = new();
        for (var i = 0; i < inputs.Length; i++)
        {
            var path = inputs[i].Create(Path.Join(directory, $"input{i}.yaml"));
            var megabytes = SizeOf(path) / 1e6;
            loader.Add(inputs[i].Name, megabytes, MedianOf(() => LoadInChild(path)));
            if (cli is not null) command.Add("  cli", megabytes, MedianOf(() => ValidateWithCli(cli, path)));
        }

        // CPU time, not wall time, against the target: the machine is shared, and waiting for a core is not the loader's cost.
        var met = loader.Met && (cli is null || command.Met);
        Console.WriteLine($"targets: < {TargetSecondsPerMegabyte} CPU s/MB, < {TargetPeakRssMegabytes} MB peak RSS, every outcome a load or located errors: {(met ? "met" : "MISSED")}");
        var cliFigures = cli is null ? "" : string.Create(CultureInfo.InvariantCulture,
            $" cli_worst_cpu_s_per_mb={command.SecondsPerMegabyte:F3} cli_worst_wall_ms={command.Milliseconds:F0} cli_peak_rss_mb={command.Rss:F0} cli_unlocated={(command.Failed ? 1 : 0)}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT load inputs={inputs.Length} worst_cpu_s_per_mb={loader.SecondsPerMegabyte:F3} worst_wall_ms={loader.Milliseconds:F0} peak_rss_mb={loader.Rss:F0} unlocated={(loader.Failed ? 1 : 0)}{cliFigures}"));
        return loader.Failed || command.Failed ? 1 : 0;
    }

    private sealed record Measurement(double Wall, double Cpu, double Rss, bool Ok, string Outcome);

    private const int Runs = 3;

    // This machine's CPU time varies by half from one run to the next (a shared VM); the median of a few is what a load costs.
    private static Measurement MedianOf(Func<Measurement> measure)
    {
        var runs = Enumerable.Range(0, Runs).Select(_ => measure()).ToList();
        return runs.FirstOrDefault(run => !run.Ok) ?? runs.OrderBy(run => run.Cpu).ElementAt(Runs / 2);
    }

    /// <summary>The worst figures over the inputs, each input's printed as it is added.</summary>
    private sealed class Worst
    {
        public double SecondsPerMegabyte { get; private set; }
        public double Milliseconds { get; private set; }
        public double Rss { get; private set; }
        public bool Failed { get; private set; }
        public bool Met => SecondsPerMegabyte < TargetSecondsPerMegabyte && Rss < TargetPeakRssMegabytes && !Failed;

        public void Add(string name, double megabytes, Measurement m)
        {
            // Per megabyte only where there are megabytes to read; a refused special file is measured by its time alone.
            var secondsPerMegabyte = megabytes >= 0.1 ? m.Cpu / 1000 / megabytes : 0;
            Console.WriteLine($"  {name,-46} {megabytes,6:F1} {m.Wall,8:F0} {m.Cpu,8:F0} {secondsPerMegabyte,8:F3} {m.Rss,6:F0} MB  {m.Outcome}");
            SecondsPerMegabyte = Math.Max(SecondsPerMegabyte, secondsPerMegabyte);
            Milliseconds = Math.Max(Milliseconds, m.Wall);
            Rss = Math.Max(Rss, m.Rss);
            Failed |= !m.Ok;
        }
    }

    private const string GnuTime = "/usr/bin/time";

    /// <summary>
    /// <c>conlink validate</c> of one file under GNU time. Located means exit 0, or exit 1 with the first line
    /// naming the file: the CLI prints the first errors and a count of the rest.
    /// </summary>
    private static Measurement ValidateWithCli(string cli, string path)
    {
        var times = Path.GetTempFileName();
        try
        {
            var start = new ProcessStartInfo(GnuTime) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { "-f", "%e %U %S %M", "-o", times, cli, "validate", "--compose-file", path }) start.ArgumentList.Add(arg);
            using var child = Process.Start(start)!;
            var error = child.StandardError.ReadToEndAsync();
            var output = child.StandardOutput.ReadToEnd().Trim();
            child.WaitForExit();
            var first = error.Result.Split('\n', 2)[0];
            // GNU time puts "Command exited with non-zero status N" before its figures.
            var fields = File.ReadAllLines(times).Last(line => line.Length > 0).Split(' ');
            double Number(int i) => double.Parse(fields[i], CultureInfo.InvariantCulture);
            var (wall, cpu, rss) = (Number(0) * 1000, (Number(1) + Number(2)) * 1000, Number(3) / 1024);
            return child.ExitCode switch
            {
                0 => new(wall, cpu, rss, true, output),
                1 when first.StartsWith(path + ":", StringComparison.Ordinal) => new(wall, cpu, rss, true, Shorten(first[(path.Length + 1)..].Trim())),
                _ => new(wall, cpu, rss, false, $"FAILED exit {child.ExitCode}: {Shorten(first)}"),
            };
        }
        finally
        {
            File.Delete(times);
        }
    }

    private static string Shorten(string text) => text.Length > 70 ? text[..70] + "…" : text;

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

    private static Measurement LoadInChild(string path)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { typeof(ConfigLoadBenchmark).Assembly.Location, "load-one", path }) start.ArgumentList.Add(arg);
        using var child = Process.Start(start)!;
        var error = child.StandardError.ReadToEndAsync();
        var output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        var fields = output.Trim().Split(' ', 5);
        if (child.ExitCode != 0 || fields.Length < 5)
            return new(0, 0, 0, false, $"FAILED exit {child.ExitCode}: {output.Trim()} {error.Result.Trim()}");
        double Number(int i) => double.Parse(fields[i], CultureInfo.InvariantCulture);
        return new(Number(0), Number(1), Number(2), fields[3] == "1", fields[4]);
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
            return (ok ? "" : "UNLOCATED ") + Shorten(first) + more;
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
