using System.Net;
using Conlink.Netlink.Addresses;
using Conlink.Netlink.Links;
using Conlink.Netlink.Tests.Support;

namespace Conlink.Netlink.Tests.Features;

[Trait("Category", "KernelFeature")]
public sealed class GeneveLinkTests
{
    [SkippableFact]
    public void A_geneve_link_carries_its_vni_remote_and_port()
    {
        KernelFeature.RequireLinkType("geneve", "geneve");
        using var ns = ScratchNamespace.Create();

        ns.Handle.LinkAdd(new LinkGeneve("gnv0", 4242, IPAddress.Parse("10.84.0.2")) { Port = 6082, Mtu = 1450 });

        var data = ns.IpLink("gnv0").GetProperty("linkinfo").GetProperty("info_data");
        Assert.Equal((4242, "10.84.0.2", 6082), (data.GetProperty("id").GetInt32(), data.GetProperty("remote").GetString(), data.GetProperty("port").GetInt32()));
        var link = ns.Handle.LinkGet("gnv0");
        Assert.Equal(("geneve", 1450), (link.Kind, link.Mtu));
        Assert.Equal(new TunnelEndpoint(4242, IPAddress.Parse("10.84.0.2"), 6082), link.Tunnel);
    }

    [SkippableFact]
    public async Task Two_hosts_joined_by_a_geneve_tunnel_over_an_underlay_exchange_traffic_through_it()
    {
        KernelFeature.RequireLinkType("geneve", "geneve");
        using var a = ScratchNamespace.Create();
        using var b = ScratchNamespace.Create();
        a.Handle.LinkAdd(new LinkVeth("under0", new VethPeer("under0") { Namespace = b.Ns }) { Up = true });
        b.Handle.LinkSetUp("under0");
        a.Handle.AddrAdd("under0", InterfaceAddress.Parse("10.84.0.1/24"));
        b.Handle.AddrAdd("under0", InterfaceAddress.Parse("10.84.0.2/24"));
        foreach (var (host, remote, overlay) in new[] { (a, "10.84.0.2", "10.85.0.1/24"), (b, "10.84.0.1", "10.85.0.2/24") })
        {
            host.Handle.LinkAdd(new LinkGeneve("gnv0", 77, IPAddress.Parse(remote)) { Mtu = 1450, Up = true });
            host.Handle.AddrAdd("gnv0", InterfaceAddress.Parse(overlay));
        }

        Assert.Equal("hello across namespaces", await Traffic.EchoAsync(a.Ns, b.Ns, IPAddress.Parse("10.85.0.2")));
        // the overlay's traffic really went through the tunnel: its counters moved
        var stats = b.Ip("-s", "link", "show", "dev", "gnv0")[0].GetProperty("stats64").GetProperty("rx");
        Assert.True(stats.GetProperty("packets").GetInt64() > 0, "gnv0 on host B received nothing");
    }
}
