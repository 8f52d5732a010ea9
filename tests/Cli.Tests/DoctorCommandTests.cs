using Conlink.Cli.Tests.Support;
using Conlink.Config.Model;
using Conlink.Host.Doctor;

namespace Conlink.Cli.Tests;

public sealed class DoctorCommandTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("conlink-doctor-tests-");

    public void Dispose() => _directory.Delete(recursive: true);

    private string Write(string text)
    {
        var path = Path.Combine(_directory.FullName, "network.yaml");
        File.WriteAllText(path, text);
        return path;
    }

    private static FeatureCheck Check(string feature, string module, string? missing, params string[] neededBy) =>
        new(feature, module, "modprobe " + module, neededBy, missing);

    [Fact]
    public void Every_feature_present_is_listed_with_what_needs_it_and_exits_0()
    {
        var file = Write("links: [{service: a, bridge: s1, netem: delay 5ms}]");
        NetworkConfig? probed = null;

        var run = CliRun.With(["doctor", "--network-file", file], host => host with
        {
            IsRoot = true,
            CheckKernel = config =>
            {
                probed = config;
                return [Check("veth", "veth", null, "service a, link eth0"), Check("netem", "sch_netem", null, "service a, link eth0")];
            },
        });

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("""
            ok       veth (veth)        needed by service a, link eth0
            ok       netem (sch_netem)  needed by service a, link eth0
            all 2 kernel features this config needs are present

            """.Replace("\r", ""), run.Out);
        Assert.Empty(run.Error);
        Assert.Equal(["a"], probed!.Services.Keys);
    }

    [Fact]
    public void A_missing_feature_is_named_with_the_kernels_reason_and_the_module_to_load_and_exits_1()
    {
        var file = Write("links: [{service: a, type: dummy, dev: d0}]");

        var run = CliRun.With(["doctor", "--network-file", file], host => host with
        {
            IsRoot = true,
            CheckKernel = _ => [Check("dummy", "dummy", "this kernel has no 'dummy' link type (module dummy not loaded?)", "service a, link d0")],
        });

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
        [
            "MISSING  dummy (dummy)  needed by service a, link d0",
            "         this kernel has no 'dummy' link type (module dummy not loaded?); load it with: modprobe dummy",
            "1 of 1 kernel features this config needs are missing: dummy (as root on the host: modprobe dummy)",
        ], run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void An_invalid_config_is_reported_as_validate_reports_it_and_nothing_is_probed()
    {
        var file = Write("links: [{service: a, bridge: s1, mtu: 10}]");
        var probed = false;

        var run = CliRun.With(["doctor", "--network-file", file], host => host with { IsRoot = true, CheckKernel = _ => { probed = true; return []; } });

        Assert.Equal(1, run.ExitCode);
        Assert.Equal([$"{file}:1:39: links[0].mtu: MTU 10 is out of range (68..65535)", "conlink: 1 configuration error"], run.ErrorLines);
        Assert.False(probed);
    }

    [Fact]
    public void Without_root_it_says_probing_needs_root_and_exits_1()
    {
        var file = Write("links: [{service: a, bridge: s1}]");

        var run = CliRun.With(["doctor", "--network-file", file], host => host with { IsRoot = false, CheckKernel = _ => throw new InvalidOperationException("probed") });

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(["conlink doctor: probing the kernel needs root (it creates a throwaway network namespace)"], run.ErrorLines);
    }

    [Fact]
    public void Doctor_has_its_own_help_with_the_config_options()
    {
        var run = CliRun.Of(["doctor", "--help"]);

        Assert.Equal(0, run.ExitCode);
        foreach (var text in new[] { "kernel features", "--compose-file", "--network-file", "--default-bridge-mode", "module to load" })
            Assert.Contains(text, run.Out, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void On_this_kernel_it_probes_for_real_and_exits_1_exactly_when_it_reports_a_missing_feature()
    {
        Skip.IfNot(Environment.IsPrivilegedProcess, "needs root to probe the kernel");
        var file = Write("""
            links:
              - {service: a, bridge: s1, netem: delay 1ms}
              - {service: a, dev: d0, type: dummy}
            tunnels:
              - {type: geneve, bridge: s1, remote: 10.9.0.2, vni: 2}
            """);

        var run = CliRun.Of(["doctor", "--network-file", file]);

        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["veth (veth)", "bridge (bridge)", "dummy (dummy)", "geneve (geneve)", "netem (sch_netem)"],
            lines.Where(l => l.StartsWith("ok", StringComparison.Ordinal) || l.StartsWith("MISSING", StringComparison.Ordinal))
                .Select(l => l[9..l.IndexOf("  needed by", StringComparison.Ordinal)].TrimEnd()));
        var missing = lines.Count(l => l.StartsWith("MISSING", StringComparison.Ordinal));
        Assert.Equal(missing == 0 ? 0 : 1, run.ExitCode);
        Assert.StartsWith(missing == 0 ? "all 5" : $"{missing} of 5", lines[^1], StringComparison.Ordinal);
    }
}
