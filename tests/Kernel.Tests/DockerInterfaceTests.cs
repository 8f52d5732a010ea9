using System.Net;
using Conlink.Kernel;
using Conlink.Netlink;
using Conlink.Testing;

namespace Conlink.Kernel.Tests;

/// <summary>
/// conlink's Docker-facing eth0 becomes DOCKER-ETH0 with its address and routes, against the real kernel.
/// eth0 is up, which kernels before 6.2 refuse to rename: the vm level runs these on 6.1.
/// </summary>
[Trait("Category", "KernelVersion")]
public sealed class DockerInterfaceTests : IDisposable
{
    private ScratchNetns? _ns;

    public void Dispose() => _ns?.Dispose();

    [SkippableFact]
    public void Eth0_is_renamed_and_keeps_its_address_and_default_route_and_a_second_call_changes_nothing()
    {
        var ns = WithDockerEth0();
        using var netns = ns.Open();
        using var handle = NetlinkHandle.Open(netns);

        var first = DockerInterface.Prepare(handle);
        var routesAfterFirst = Routes(ns);
        var second = DockerInterface.Prepare(handle);

        Assert.Equal(new DockerAddresses(IPAddress.Parse("172.21.0.2"), null), first);
        Assert.Equal(first, second);
        var links = KernelProbe.LinksOfNamed(ns.Name).EnumerateArray().ToDictionary(l => l.GetProperty("ifname").GetString()!);
        Assert.False(links.ContainsKey("eth0"), "eth0 is still there");
        Assert.Equal(["172.21.0.2/24"], ContainerLinks.Ipv4(links[DockerInterface.Name]));
        Assert.Contains("UP", links[DockerInterface.Name].GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(["172.21.0.0/24 dev DOCKER-ETH0 proto kernel scope link src 172.21.0.2", "default via 172.21.0.1 dev DOCKER-ETH0"],
            routesAfterFirst.Order(StringComparer.Ordinal));
        Assert.Equal(routesAfterFirst, Routes(ns));
    }

    [SkippableFact]
    public void A_dual_stack_eth0_keeps_its_ipv6_address_and_ipv6_default_route_through_the_rename()
    {
        var ns = WithDockerEth0();
        ns.Ip("-6", "addr", "add", "fd00:21::2/64", "dev", "eth0", "nodad");
        ns.Ip("-6", "route", "add", "default", "via", "fd00:21::1");
        using var netns = ns.Open();
        using var handle = NetlinkHandle.Open(netns);

        var addresses = DockerInterface.Prepare(handle);

        // Setting eth0 down for the rename drops its IPv6 addresses and their routes: they are back.
        Assert.Equal(new DockerAddresses(IPAddress.Parse("172.21.0.2"), IPAddress.Parse("fd00:21::2")), addresses);
        var link = KernelProbe.LinksOfNamed(ns.Name).EnumerateArray().Single(l => l.GetProperty("ifname").GetString() == DockerInterface.Name);
        Assert.Contains("fd00:21::2/64", ContainerLinks.Ipv6(link));
        var routes6 = KernelProbe.Run("ip", ["-n", ns.Name, "-6", "route", "show"]).Output;
        Assert.Contains("fd00:21::/64 dev DOCKER-ETH0", routes6, StringComparison.Ordinal);
        Assert.Contains("default via fd00:21::1 dev DOCKER-ETH0", routes6, StringComparison.Ordinal);
        Assert.Equal(addresses, DockerInterface.Find(handle));
    }

    [SkippableFact]
    public void Without_eth0_there_is_no_docker_interface_and_nothing_changes()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        _ns = new ScratchNetns("cldocker");
        _ns.Ip("link", "add", "eth1", "type", "veth", "peer", "name", "peer1");
        using var netns = _ns.Open();
        using var handle = NetlinkHandle.Open(netns);

        Assert.Null(DockerInterface.Prepare(handle));
        Assert.Equal(["eth1", "lo", "peer1"], KernelProbe.LinksOfNamed(_ns.Name).EnumerateArray().Select(l => l.GetProperty("ifname").GetString()!).Order());
    }

    private ScratchNetns WithDockerEth0()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        _ns = new ScratchNetns("cldocker");
        _ns.Ip("link", "add", "eth0", "type", "veth", "peer", "name", "dockerpeer");
        _ns.Ip("addr", "add", "172.21.0.2/24", "dev", "eth0");
        _ns.Ip("link", "set", "eth0", "up");
        _ns.Ip("link", "set", "dockerpeer", "up");
        _ns.Ip("route", "add", "default", "via", "172.21.0.1");
        return _ns;
    }

    private static List<string> Routes(ScratchNetns ns) =>
        KernelProbe.Run("ip", ["-n", ns.Name, "route", "show"]).Output.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
}
