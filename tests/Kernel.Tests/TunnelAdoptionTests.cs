using System.Net;
using System.Text.Json;
using Conlink.Config.Model;
using Conlink.Config.Planning;
using Conlink.Kernel;
using Conlink.Testing;

namespace Conlink.Kernel.Tests;

/// <summary>What the engine does with a tunnel interface it finds already there when it starts.</summary>
[Collection("kernel")]
public sealed class TunnelAdoptionTests : IAsyncLifetime
{
    private static readonly BridgeSpec S1 = new("s1", BridgeMode.Linux);
    private readonly KernelEngine _kernel = new();
    private readonly ScratchNetns _underlay = new("cltun");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _kernel.DisposeAsync();
        _underlay.Dispose();
    }

    [SkippableFact]
    public async Task Tunnel_with_the_configured_remote_vni_and_port_is_adopted_as_it_is()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        AddVxlan(remote: "192.168.77.2");
        var before = Vxlan().GetProperty("ifindex").GetInt32();

        Start();
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 1);

        var after = Vxlan();
        Assert.Equal(before, after.GetProperty("ifindex").GetInt32());
        Assert.Equal("s1", after.GetProperty("master").GetString());
    }

    [SkippableFact]
    public async Task Tunnel_left_with_another_remote_is_replaced_by_the_configured_one()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        AddVxlan(remote: "192.168.77.9");

        Start();
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 1);

        var data = Vxlan().GetProperty("linkinfo").GetProperty("info_data");
        Assert.Equal("192.168.77.2", data.GetProperty("remote").GetString());
        Assert.Equal(1001, data.GetProperty("id").GetInt32());
        Assert.Equal(KernelDriverOptions.DefaultVxlanPort, data.GetProperty("port").GetInt32());
        Assert.Equal("s1", Vxlan().GetProperty("master").GetString());
    }

    private void Start()
    {
        var config = NetworkConfig.Empty with
        {
            Bridges = new Dictionary<string, BridgeSpec> { ["s1"] = S1 },
            Tunnels = [new TunnelSpec { Type = TunnelType.Vxlan, Bridge = S1, Remote = IPAddress.Parse("192.168.77.2"), Vni = 1001 }],
        };
        _kernel.UnderlayNamespace = _underlay.Name;
        _kernel.Start(c => new ContainerPlan(c, [], []), config);
    }

    /// <summary>A vxlan left in the bridge namespace by an earlier conlink (made in the underlay namespace, as conlink does).</summary>
    private void AddVxlan(string remote)
    {
        _underlay.Ip("link", "add", "vxlan-1001", "type", "vxlan", "id", "1001", "remote", remote, "dstport", "4789");
        _underlay.Ip("link", "set", "vxlan-1001", "netns", _kernel.BridgeNamespace);
    }

    private JsonElement Vxlan() =>
        KernelProbe.LinksOfNamed(_kernel.BridgeNamespace).EnumerateArray().Single(l => l.GetProperty("ifname").GetString() == "vxlan-1001");
}
