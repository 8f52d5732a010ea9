using System.Text.Json;
using Conlink.Config.Planning;
using Conlink.Testing;

namespace Conlink.Kernel.Tests;

/// <summary>
/// A dual-stack router between two hosts, from YAML to the kernel: every link has an IPv4 and an
/// IPv6 address, IPv6 works the moment "All links connected" would be logged (no address is still
/// tentative, the kernel's link-local ones included), and restarts of a host or of conlink keep the IPv6 addresses and routes.
/// </summary>
[Collection("kernel")]
public sealed class DualStackTests : IAsyncLifetime
{
    private const string Network = """
        links:
          - {service: router, dev: eth1, bridge: s1, ip: [10.1.0.1/24, 'fd00:1::1/64']}
          - {service: router, dev: eth2, bridge: s2, ip: ['fd00:2::1/64', 10.2.0.1/24]}
          - {service: h1, bridge: s1, ip: [10.1.0.10/24, 'fd00:1::10/64'], route: [default via 10.1.0.1, 'default via fd00:1::1']}
          - {service: h2, bridge: s2, ip: [10.2.0.10/24, 'fd00:2::10/64'], route: [default via 10.2.0.1, 'fd00:1::/64 via fd00:2::1 metric 10']}
        """;

    private readonly KernelEngine _kernel = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _kernel.DisposeAsync();

    [SkippableFact]
    public async Task Hosts_ping_each_other_over_ipv6_and_ipv4_across_the_router_right_after_all_links_are_ready()
    {
        var (router, h1, h2) = await StartAsync();

        foreach (var (pid, dev) in new[] { (h1.Pid, "eth0"), (h2.Pid, "eth0"), (router.Pid, "eth1"), (router.Pid, "eth2") })
            Assert.Empty(UnusableIpv6(ContainerLinks.Interface(pid, dev)));
        Assert.True(KernelProbe.Ping(h1.Pid, "fd00:2::10"), "h1 cannot ping -6 h2 across the router");
        Assert.True(KernelProbe.Ping(h2.Pid, "fd00:1::10"), "h2 cannot ping -6 h1 across the router");
        Assert.True(KernelProbe.Ping(h1.Pid, "10.2.0.10"), "h1 cannot ping h2 across the router");

        var eth1 = ContainerLinks.Interface(router.Pid, "eth1");
        Assert.Equal(["10.1.0.1/24"], ContainerLinks.Ipv4(eth1));
        Assert.Equal(["fd00:1::1/64"], GlobalIpv6(eth1));
        Assert.Contains(Ipv6Of(eth1), a => a.GetProperty("scope").GetString() == "link");
        Assert.All(Ipv6Of(eth1).Where(a => a.GetProperty("scope").GetString() == "global"),
            a => Assert.True(a.TryGetProperty("nodad", out var nodad) && nodad.GetBoolean(), "global IPv6 addresses are added with nodad"));
        Assert.Contains(Ipv6Routes(h1.Pid), r => r == "default via fd00:1::1 dev eth0 metric 1024");
        Assert.Contains(Ipv6Routes(h2.Pid), r => r == "fd00:1::/64 via fd00:2::1 dev eth0 metric 10");
    }

    [SkippableFact]
    public async Task A_restarted_host_gets_its_ipv6_address_and_routes_back()
    {
        var (_, _, h2) = await StartAsync();

        var restarted = _kernel.Runtime.Restart("h1");
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 4 && ContainerLinks.Has(restarted.Pid, "eth0"));

        var eth0 = ContainerLinks.Interface(restarted.Pid, "eth0");
        Assert.Equal(["fd00:1::10/64"], GlobalIpv6(eth0));
        Assert.Empty(UnusableIpv6(eth0));
        Assert.Contains(Ipv6Routes(restarted.Pid), r => r == "default via fd00:1::1 dev eth0 metric 1024");
        Assert.True(KernelProbe.Ping(restarted.Pid, "fd00:2::10"), "restarted h1 cannot ping -6 h2");
        Assert.True(KernelProbe.Ping(h2.Pid, "fd00:1::10"), "h2 cannot ping -6 the restarted h1");
    }

    [SkippableFact]
    public async Task Conlink_restarted_adopts_the_links_and_restores_a_missing_ipv6_address_and_route_leaving_link_local_alone()
    {
        var (_, h1, _) = await StartAsync();
        var before = ContainerLinks.Interface(h1.Pid, "eth0");
        var linkLocal = Ipv6Of(before).Single(a => a.GetProperty("scope").GetString() == "link").GetProperty("local").GetString();

        await _kernel.CrashAsync();
        Check(KernelProbe.InNamespaceOf(h1.Pid, "ip", "-6", "route", "del", "default", "via", "fd00:1::1", "dev", "eth0"));
        Check(KernelProbe.InNamespaceOf(h1.Pid, "ip", "-6", "addr", "del", "fd00:1::10/64", "dev", "eth0"));
        Assert.Empty(GlobalIpv6(ContainerLinks.Interface(h1.Pid, "eth0")));
        _kernel.Start(TestNetwork.FromYaml(Network));
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 4);

        var after = ContainerLinks.Interface(h1.Pid, "eth0");
        Assert.Equal(before.GetProperty("ifindex").GetInt32(), after.GetProperty("ifindex").GetInt32());
        Assert.Equal(["fd00:1::10/64"], GlobalIpv6(after));
        Assert.Empty(UnusableIpv6(after));
        Assert.Contains(linkLocal, Ipv6Of(after).Select(a => a.GetProperty("local").GetString()));
        Assert.Contains(Ipv6Routes(h1.Pid), r => r == "default via fd00:1::1 dev eth0 metric 1024");
        Assert.True(KernelProbe.Ping(h1.Pid, "fd00:2::10"), "h1 cannot ping -6 h2 after conlink's restart");
    }

    [SkippableFact]
    public async Task Adopting_replaces_a_tentative_ipv6_address_with_a_usable_one()
    {
        var (_, h1, _) = await StartAsync();

        await _kernel.CrashAsync();
        // The same address as someone would add it without nodad, on a link where it cannot finish DAD yet.
        Check(KernelProbe.InNamespaceOf(h1.Pid, "ip", "-6", "addr", "del", "fd00:1::10/64", "dev", "eth0"));
        Check(KernelProbe.InNamespaceOf(h1.Pid, "sysctl", "-qw", "net.ipv6.conf.eth0.dad_transmits=200"));
        Check(KernelProbe.InNamespaceOf(h1.Pid, "ip", "-6", "addr", "add", "fd00:1::10/64", "dev", "eth0"));
        Assert.NotEmpty(UnusableIpv6(ContainerLinks.Interface(h1.Pid, "eth0")));
        _kernel.Start(TestNetwork.FromYaml(Network));
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 4);

        var eth0 = ContainerLinks.Interface(h1.Pid, "eth0");
        Assert.Equal(["fd00:1::10/64"], GlobalIpv6(eth0));
        Assert.Empty(UnusableIpv6(eth0));
    }

    private async Task<(ContainerIdentity Router, ContainerIdentity H1, ContainerIdentity H2)> StartAsync()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        _kernel.Start(TestNetwork.FromYaml(Network));
        var router = _kernel.Runtime.Launch("router", "router", 1);
        // What a router's compose service sets with sysctls.
        Check(KernelProbe.InNamespaceOf(router.Pid, "sysctl", "-qw", "net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1"));
        _kernel.Runtime.Announce(router);
        var h1 = _kernel.Runtime.Start("h1", "h1", 1);
        var h2 = _kernel.Runtime.Start("h2", "h2", 1);
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 4);
        return (router, h1, h2);
    }

    private static void Check((int ExitCode, string Output) run) => Assert.True(run.ExitCode == 0, run.Output);

    private static IEnumerable<JsonElement> Ipv6Of(JsonElement link) =>
        link.GetProperty("addr_info").EnumerateArray().Where(a => a.GetProperty("family").GetString() == "inet6").ToList();

    private static List<string> GlobalIpv6(JsonElement link) =>
        Ipv6Of(link).Where(a => a.GetProperty("scope").GetString() == "global")
            .Select(a => $"{a.GetProperty("local").GetString()}/{a.GetProperty("prefixlen").GetInt32()}").ToList();

    /// <summary>
    /// IPv6 addresses not usable yet: conlink's (added with nodad) and the kernel's link-local one
    /// (which conlink waits for before it reports the link ready).
    /// </summary>
    private static List<string> UnusableIpv6(JsonElement link) =>
        Ipv6Of(link).Where(a => a.TryGetProperty("tentative", out _) || a.TryGetProperty("dadfailed", out _))
            .Select(a => a.GetProperty("local").GetString()!).ToList();

    /// <summary>The namespace's IPv6 main-table routes as <c>DST [via GW] dev DEV metric N</c>.</summary>
    private static List<string> Ipv6Routes(int pid)
    {
        using var routes = JsonDocument.Parse(KernelProbe.InNamespaceOf(pid, "ip", "-6", "-j", "route", "show").Output);
        return routes.RootElement.EnumerateArray().Select(r =>
            $"{r.GetProperty("dst").GetString()}{(r.TryGetProperty("gateway", out var gw) ? " via " + gw.GetString() : "")}"
            + $" dev {r.GetProperty("dev").GetString()} metric {r.GetProperty("metric").GetInt32()}").ToList();
    }
}
