using Conlink.Testing;

namespace Conlink.Kernel.Tests;

/// <summary>
/// Shell syntax in config values reaches the kernel and ethtool as plain data: the original
/// single-quoted values into bash, conlink passes netlink attributes and argv. A hostile value
/// never runs: an ethtool entry that ethtool refuses degrades its own link (or fails it with --strict),
/// with an error that names the value as given.
/// </summary>
[Collection("kernel")]
public sealed class OptionsHostileValueTests : IAsyncLifetime
{
    private readonly KernelEngine _kernel = new();
    private readonly string _marker = Path.Combine(Path.GetTempPath(), $"conlink-pwned-{Guid.NewGuid():N}");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _kernel.DisposeAsync();
        File.Delete(_marker);
    }

    private const string HostileLinks = """
            links:
              - service: node
                bridge: s1
                dev: eth2
                ethtool: "--offload tx off; touch MARKER"
              - service: node
                bridge: s1
                dev: eth3
                ethtool: "-K $(touch MARKER)"
              - service: node
                bridge: s1
                ip: 10.0.0.1/24
            """;

    [SkippableFact]
    public async Task Command_substitutions_and_separators_in_ethtool_are_passed_as_data_and_never_run()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        _kernel.Start(TestNetwork.FromYaml(HostileLinks.Replace("MARKER", _marker)));
        var node1 = _kernel.Runtime.Start("node_1", "node", 1);

        var status = await _kernel.WaitSettledAsync(s => s.Links.Count == 3);

        string Reason(string dev) => status.DegradationOf("node_1:" + dev);
        Assert.Contains($"ethtool --offload eth2 tx off; touch {_marker}: exited with", Reason("eth2"), StringComparison.Ordinal);
        Assert.Contains($"ethtool -K eth3 $(touch {_marker}): exited with", Reason("eth3"), StringComparison.Ordinal);
        status.AssertReady("node_1:eth0");
        Assert.Equal(["eth0", "eth2", "eth3", "lo"], ContainerLinks.Names(node1.Pid));
        Assert.False(File.Exists(_marker), "a config value was executed by a shell");
    }

    [SkippableFact]
    public async Task With_strict_a_hostile_ethtool_value_fails_its_own_link_and_never_runs()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        _kernel.Strict = true;
        _kernel.Start(TestNetwork.FromYaml(HostileLinks.Replace("MARKER", _marker)));
        var node1 = _kernel.Runtime.Start("node_1", "node", 1);

        var status = await _kernel.WaitSettledAsync(s => s.Links.Count == 3);

        string Reason(string dev) => status.FailureOf("node_1:" + dev);
        Assert.Contains($"ethtool --offload eth2 tx off; touch {_marker}: exited with", Reason("eth2"), StringComparison.Ordinal);
        Assert.Contains($"ethtool -K eth3 $(touch {_marker}): exited with", Reason("eth3"), StringComparison.Ordinal);
        status.AssertReady("node_1:eth0");
        Assert.Equal(["eth0", "lo"], ContainerLinks.Names(node1.Pid));
        Assert.False(File.Exists(_marker), "a config value was executed by a shell");
    }

    [Fact]
    public void Command_substitutions_in_routes_and_netem_never_reach_the_kernel_they_are_refused_when_the_config_loads()
    {
        var error = Assert.Throws<Conlink.Config.ConfigException>(() => TestNetwork.FromYaml($"""
            links:
              - service: node
                bridge: s1
                dev: eth1
                route: "10.9.0.0/16 via $(touch {_marker})"
              - service: node
                bridge: s1
                dev: eth4
                netem: "delay 10ms `touch {_marker}`"
            """));

        Assert.Contains($"not a gateway address: '$(touch' in '10.9.0.0/16 via $(touch {_marker})'", error.Message, StringComparison.Ordinal);
        Assert.Contains("unknown netem option: '`touch'", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_marker), "a config value was executed by a shell");
    }
}
