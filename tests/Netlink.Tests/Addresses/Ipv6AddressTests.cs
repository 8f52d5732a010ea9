using System.Net.Sockets;
using System.Text.Json;
using Conlink.Netlink.Addresses;
using Conlink.Netlink.Links;
using Conlink.Netlink.Tests.Support;

namespace Conlink.Netlink.Tests.Addresses;

/// <summary>IPv6 addresses with their flags and scopes, read back with <c>ip -6 -j addr</c>.</summary>
public sealed class Ipv6AddressTests
{
    private static readonly TimeSpan DadTimeout = TimeSpan.FromSeconds(15);

    /// <summary>A veth with carrier (both ends up), so that the kernel runs duplicate address detection on it.</summary>
    private static ScratchNamespace WithUpVeth()
    {
        var ns = ScratchNamespace.Create();
        ns.Handle.LinkAdd(new LinkVeth("v0", new VethPeer("v1")) { Up = true });
        ns.Handle.LinkSetUp("v1");
        return ns;
    }

    private static JsonElement IpAddress(ScratchNamespace ns, string dev, string local) =>
        ns.Ip("-6", "addr", "show", "dev", dev)[0].GetProperty("addr_info").EnumerateArray()
            .Single(a => a.GetProperty("local").GetString() == local);

    private static bool Has(JsonElement address, string flag) => address.TryGetProperty(flag, out var value) && value.GetBoolean();

    private static LinkAddress Ours(ScratchNamespace ns, string dev, string address) =>
        ns.Handle.AddrList(dev, AddressFamily.InterNetworkV6).Single(a => a.Address.ToString() == address);

    private static LinkAddress WaitFor(ScratchNamespace ns, string dev, Func<LinkAddress, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + DadTimeout;
        while (true)
        {
            if (ns.Handle.AddrList(dev, AddressFamily.InterNetworkV6).FirstOrDefault(condition) is { } found) return found;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no address on {dev} {what} within {DadTimeout.TotalSeconds} s");
            Thread.Sleep(50);
        }
    }

    [SkippableFact]
    public void Address_added_with_nodad_is_usable_at_once()
    {
        using var ns = WithUpVeth();

        ns.Handle.AddrAdd("v0", InterfaceAddress.Parse("fd00::1/64"), AddressFlags.NoDad);

        var ours = Ours(ns, "v0", "fd00::1/64");
        Assert.False(ours.IsTentative);
        Assert.Equal(AddressFlags.NoDad | AddressFlags.Permanent, ours.Flags & (AddressFlags.NoDad | AddressFlags.Permanent | AddressFlags.Tentative));
        Assert.Equal(AddressScope.Universe, ours.Scope);
        var ip = IpAddress(ns, "v0", "fd00::1");
        Assert.Equal((true, false, false, "global"), (Has(ip, "nodad"), Has(ip, "tentative"), Has(ip, "dynamic"), ip.GetProperty("scope").GetString()));
    }

    [SkippableFact]
    public void Address_added_without_nodad_is_tentative_until_duplicate_detection_ends()
    {
        using var ns = WithUpVeth();

        ns.Handle.AddrAdd("v0", InterfaceAddress.Parse("fd00::2/64"));

        Assert.True(Ours(ns, "v0", "fd00::2/64").IsTentative);
        Assert.True(Has(IpAddress(ns, "v0", "fd00::2"), "tentative"));
        var settled = WaitFor(ns, "v0", a => a.Address.ToString() == "fd00::2/64" && !a.IsTentative, "fd00::2/64 done with DAD");
        Assert.Equal(AddressFlags.Permanent, settled.Flags & (AddressFlags.Permanent | AddressFlags.NoDad | AddressFlags.DadFailed));
        Assert.False(Has(IpAddress(ns, "v0", "fd00::2"), "tentative"));
    }

    [SkippableFact]
    public void Address_already_used_across_the_link_fails_duplicate_detection_and_is_listed_so()
    {
        using var a = ScratchNamespace.Create();
        using var b = ScratchNamespace.Create();
        a.Handle.LinkAdd(new LinkVeth("eth0", new VethPeer("eth0") { Namespace = b.Ns }) { Up = true });
        b.Handle.LinkSetUp("eth0");
        a.Handle.AddrAdd("eth0", InterfaceAddress.Parse("fd00::5/64"), AddressFlags.NoDad);

        b.Handle.AddrAdd("eth0", InterfaceAddress.Parse("fd00::5/64"));

        var failed = WaitFor(b, "eth0", x => x.Address.ToString() == "fd00::5/64" && (x.Flags & AddressFlags.DadFailed) != 0, "fd00::5/64 with dadfailed");
        Assert.True(failed.IsTentative);
        Assert.True(Has(IpAddress(b, "eth0", "fd00::5"), "dadfailed"));
        Assert.False(Ours(a, "eth0", "fd00::5/64").IsTentative);
    }

    [SkippableFact]
    public void Flags_beyond_eight_bits_are_set_and_read_back()
    {
        using var ns = WithUpVeth();

        ns.Handle.AddrAdd("v0", InterfaceAddress.Parse("fd00::3/64"), AddressFlags.NoDad | AddressFlags.NoPrefixRoute);

        Assert.Equal(AddressFlags.NoDad | AddressFlags.NoPrefixRoute, Ours(ns, "v0", "fd00::3/64").Flags & (AddressFlags.NoDad | AddressFlags.NoPrefixRoute));
        var ip = IpAddress(ns, "v0", "fd00::3");
        Assert.True(Has(ip, "noprefixroute") && Has(ip, "nodad"));
        Assert.DoesNotContain(ns.Ip("-6", "route", "show").EnumerateArray(), r => r.GetProperty("dst").GetString() == "fd00::/64");
    }

    [SkippableFact]
    public void Link_local_addresses_are_listed_as_the_kernel_makes_them()
    {
        using var ns = WithUpVeth();

        var linkLocal = WaitFor(ns, "v0", a => a.Scope == AddressScope.Link, "with link scope");
        WaitFor(ns, "v1", a => a.Scope == AddressScope.Link, "with link scope"); // then the namespace's list no longer grows

        Assert.True(linkLocal.Address.Address.IsIPv6LinkLocal);
        Assert.Equal(64, linkLocal.Address.PrefixLength);
        var ip = IpAddress(ns, "v0", linkLocal.Address.Address.ToString());
        Assert.Equal(("link", 64), (ip.GetProperty("scope").GetString(), ip.GetProperty("prefixlen").GetInt32()));
        Assert.Equal(
            ns.Ip("-6", "addr", "show").EnumerateArray().SelectMany(l => l.GetProperty("addr_info").EnumerateArray())
                .Select(x => $"{x.GetProperty("local").GetString()}/{x.GetProperty("prefixlen").GetInt32()} {x.GetProperty("scope").GetString()}").Order(),
            ns.Handle.AddrList(family: AddressFamily.InterNetworkV6)
                .Select(x => $"{x.Address} {(x.Scope == AddressScope.Link ? "link" : x.Scope == AddressScope.Host ? "host" : "global")}").Order());
    }

    [SkippableFact]
    public void Deleted_ipv6_address_is_gone_and_the_link_local_one_stays()
    {
        using var ns = WithUpVeth();
        WaitFor(ns, "v0", a => a.Scope == AddressScope.Link, "with link scope");
        ns.Handle.AddrAdd("v0", InterfaceAddress.Parse("fd00::1/64"), AddressFlags.NoDad);

        ns.Handle.AddrDel("v0", InterfaceAddress.Parse("fd00::1/64"));

        var left = Assert.Single(ns.Handle.AddrList("v0", AddressFamily.InterNetworkV6));
        Assert.Equal(AddressScope.Link, left.Scope);
        Assert.DoesNotContain(ns.Ip("-6", "addr", "show", "dev", "v0")[0].GetProperty("addr_info").EnumerateArray(),
            a => a.GetProperty("local").GetString() == "fd00::1");
    }

    [SkippableFact]
    public void Ipv4_list_of_a_dual_stack_link_leaves_out_ipv6()
    {
        using var ns = WithUpVeth();
        ns.Handle.AddrAdd("v0", InterfaceAddress.Parse("10.0.1.1/24"));
        ns.Handle.AddrAdd("v0", InterfaceAddress.Parse("fd00::1/64"), AddressFlags.NoDad);

        Assert.Equal(["10.0.1.1/24"], ns.Handle.AddrList("v0", AddressFamily.InterNetwork).Select(a => a.Address.ToString()));
        Assert.Contains("fd00::1/64", ns.Handle.AddrList("v0", AddressFamily.InterNetworkV6).Select(a => a.Address.ToString()));
    }

    [SkippableFact]
    public void Adding_an_ipv6_address_where_ipv6_is_disabled_names_the_sysctl_that_enables_it()
    {
        using var ns = ScratchNamespace.Create();
        // What Docker does in a container without an IPv6 network.
        using (var sysctl = System.Diagnostics.Process.Start("ip", ["netns", "exec", ns.Name, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1"]))
        {
            sysctl.WaitForExit();
            Assert.Equal(0, sysctl.ExitCode);
        }
        ns.Handle.LinkAdd(new LinkVeth("v0", new VethPeer("v1")));

        var error = Assert.Throws<Conlink.Netlink.Errors.NetlinkException>(() => ns.Handle.AddrAdd("v0", InterfaceAddress.Parse("fd00::1/64"), AddressFlags.NoDad));

        Assert.Contains("IPv6 is disabled on v0", error.Message, StringComparison.Ordinal);
        Assert.Contains("net.ipv6.conf.all.disable_ipv6=0", error.Message, StringComparison.Ordinal);
    }
}
