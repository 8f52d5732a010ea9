using System.Net;
using Conlink.Netlink.Addresses;
using Conlink.Netlink.Links;
using Conlink.Netlink.Tc;
using Conlink.Netlink.Tests.Support;

namespace Conlink.Netlink.Tests;

public sealed class TrafficTests
{
    [SkippableFact]
    public async Task Two_namespaces_joined_by_a_library_veth_exchange_tcp_traffic()
    {
        using var a = ScratchNamespace.Create();
        using var b = ScratchNamespace.Create();
        a.Handle.LinkAdd(new LinkVeth("eth0", new VethPeer("eth0") { Namespace = b.Ns, Mtu = 9000 }) { Mtu = 9000, Up = true });
        b.Handle.LinkSetUp("eth0");
        a.Handle.AddrAdd("eth0", InterfaceAddress.Parse("10.77.0.1/24"));
        b.Handle.AddrAdd("eth0", InterfaceAddress.Parse("10.77.0.2/24"));

        Assert.Equal("hello across namespaces", await Traffic.EchoAsync(a.Ns, b.Ns, IPAddress.Parse("10.77.0.2")));
    }

    [SkippableFact]
    public async Task Patch_mode_mirred_redirect_carries_traffic_between_two_veths()
    {
        using var hub = ScratchNamespace.Create();
        using var a = ScratchNamespace.Create();
        using var b = ScratchNamespace.Create();
        hub.Handle.LinkAdd(new LinkVeth("pa", new VethPeer("eth0") { Namespace = a.Ns }) { Up = true });
        hub.Handle.LinkAdd(new LinkVeth("pb", new VethPeer("eth0") { Namespace = b.Ns }) { Up = true });
        a.Handle.LinkSetUp("eth0");
        b.Handle.LinkSetUp("eth0");
        a.Handle.AddrAdd("eth0", InterfaceAddress.Parse("10.78.0.1/24"));
        b.Handle.AddrAdd("eth0", InterfaceAddress.Parse("10.78.0.2/24"));

        foreach (var (from, to) in new[] { ("pa", "pb"), ("pb", "pa") })
        {
            hub.Handle.QdiscReplace(from, new IngressQdisc());
            hub.Handle.FilterReplace(from, new MirredRedirectFilter(hub.Handle.ResolveIndex(to)));
        }

        Assert.Equal("hello across namespaces", await Traffic.EchoAsync(a.Ns, b.Ns, IPAddress.Parse("10.78.0.2")));
    }
}
