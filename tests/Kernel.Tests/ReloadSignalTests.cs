using Conlink.Testing;

namespace Conlink.Kernel.Tests;

/// <summary>SIGHUP re-reads the config however conlink was started.</summary>
[Collection("kernel")]
[Trait("Category", "EngineProcess")]
public sealed class ReloadSignalTests : IDisposable
{
    private static string Config(int mtu) => $$"""
        services:
          node:
            x-network:
              links:
                - {bridge: s1, ip: 10.0.91.1/24, mtu: {{mtu}}}
        """;

    private readonly HostedEngine _lab = new(Config(1500));

    public void Dispose() => _lab.Dispose();

    [SkippableFact]
    public async Task An_engine_started_under_nohup_still_applies_the_changed_config_on_sighup()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        var engine = _lab.StartEngine(hangupIgnored: true);
        var node = _lab.Runtime.Start("node_1", "node", 1);
        await engine.WaitForLogAsync(line => line.Contains("All links connected", StringComparison.Ordinal), HostedEngine.ConvergeTimeout);

        File.WriteAllText(_lab.ConfigFile, Config(1400));
        engine.Process.Hangup();

        await engine.WaitForLogAsync(line => line.Contains("apply: configuration re-read", StringComparison.Ordinal), HostedEngine.ConvergeTimeout);
        var deadline = DateTime.UtcNow + HostedEngine.ConvergeTimeout;
        string link;
        while (!(link = KernelProbe.InNamespaceOf(node.Pid, "ip", "-o", "link", "show", "eth0").Output).Contains(" mtu 1400 ", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the node's eth0 did not get MTU 1400 from the re-read config: {link}");
            await Task.Delay(100);
        }
    }
}
