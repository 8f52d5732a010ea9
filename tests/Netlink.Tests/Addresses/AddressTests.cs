using System.Net.Sockets;
using Conlink.Netlink.Addresses;
using Conlink.Netlink.Errors;
using Conlink.Netlink.Links;
using Conlink.Netlink.Tests.Support;

namespace Conlink.Netlink.Tests.Addresses;

public sealed class AddressTests
{
    [SkippableFact]
    public void Ipv4_and_ipv6_addresses_are_added_and_listed()
    {
        using var ns = ScratchNamespace.Create();
        ns.Handle.LinkAdd(new LinkVeth("v0", new VethPeer("v1")) { Up = true });

        ns.Handle.AddrAdd("v0", InterfaceAddress.Parse("10.0.1.1/24"));
        ns.Handle.AddrAdd("v0", InterfaceAddress.Parse("fd00::1/64"));

        var ours = ns.Handle.AddrList("v0").Select(a => a.Address.ToString()).ToArray();
        Assert.Contains("10.0.1.1/24", ours);
        Assert.Contains("fd00::1/64", ours);
        Assert.Equal(["10.0.1.1/24"], ns.Handle.AddrList("v0", AddressFamily.InterNetwork).Select(a => a.Address.ToString()));

        var ip = ns.Ip("addr", "show", "dev", "v0")[0].GetProperty("addr_info").EnumerateArray()
            .Select(a => $"{a.GetProperty("local").GetString()}/{a.GetProperty("prefixlen").GetInt32()}").ToArray();
        Assert.Contains("10.0.1.1/24", ip);
        Assert.Contains("fd00::1/64", ip);
    }

    [SkippableFact]
    public void Address_list_of_one_link_leaves_out_the_others()
    {
        using var ns = ScratchNamespace.Create();
        ns.Handle.LinkAdd(new LinkVeth("v0", new VethPeer("v1")));
        ns.Handle.AddrAdd("v0", InterfaceAddress.Parse("10.0.1.1/24"));
        ns.Handle.AddrAdd("v1", InterfaceAddress.Parse("10.0.2.1/24"));

        var v1 = ns.Handle.LinkGet("v1");

        Assert.Equal([(v1.Index, "10.0.2.1/24")], ns.Handle.AddrList(v1).Select(a => (a.LinkIndex, a.Address.ToString())));
    }

    [SkippableFact]
    public void Deleted_address_is_gone()
    {
        using var ns = ScratchNamespace.Create();
        ns.Handle.LinkAdd(new LinkVeth("v0", new VethPeer("v1")));
        ns.Handle.AddrAdd("v0", InterfaceAddress.Parse("10.0.1.1/24"));

        ns.Handle.AddrDel("v0", InterfaceAddress.Parse("10.0.1.1/24"));

        Assert.Empty(ns.Handle.AddrList("v0", AddressFamily.InterNetwork));
        Assert.Empty(ns.Ip("-4", "addr", "show", "dev", "v0").EnumerateArray().SelectMany(l => l.GetProperty("addr_info").EnumerateArray()));
    }

    [SkippableFact]
    public void Adding_an_address_twice_says_it_already_exists_on_the_interface()
    {
        using var ns = ScratchNamespace.Create();
        ns.Handle.LinkAdd(new LinkVeth("v0", new VethPeer("v1")));
        ns.Handle.AddrAdd("v0", InterfaceAddress.Parse("10.0.1.1/24"));

        var error = Assert.Throws<NetlinkException>(() => ns.Handle.AddrAdd("v0", InterfaceAddress.Parse("10.0.1.1/24")));

        Assert.StartsWith($"address 10.0.1.1/24 on v0 already exists in namespace {ns.Name}", error.Message);
    }

    [SkippableFact]
    public void Adding_an_address_to_a_missing_interface_names_the_interface()
    {
        using var ns = ScratchNamespace.Create();

        var error = Assert.Throws<NetlinkException>(() => ns.Handle.AddrAdd("eth9", InterfaceAddress.Parse("10.0.1.1/24")));

        Assert.Equal($"no interface eth9 in namespace {ns.Name}", error.Message);
    }
}
