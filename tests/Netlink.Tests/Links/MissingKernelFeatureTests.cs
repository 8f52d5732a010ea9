using System.Net;
using Conlink.Netlink.Errors;
using Conlink.Netlink.Links;
using Conlink.Netlink.Tc;
using Conlink.Netlink.Tests.Support;

namespace Conlink.Netlink.Tests.Links;

/// <summary>
/// Link types and qdiscs some kernels lack (this machine's lacks all of these). Where the kernel
/// has the feature, it is checked to work; where it lacks it, the error must say so plainly and
/// nothing may be left behind.
/// </summary>
public sealed class MissingKernelFeatureTests
{
    public static TheoryData<string, string> Kinds => new()
    {
        { "dummy", "dummy" },
        { "geneve", "geneve" },
        { "vlan", "8021q" },
        { "ipvlan", "ipvlan" },
        { "ipvtap", "ipvtap" },
    };

    [SkippableTheory]
    [MemberData(nameof(Kinds))]
    public void Link_type_works_or_fails_with_a_clear_kernel_lacks_error(string kind, string module)
    {
        using var ns = ScratchNamespace.Create();
        ns.Handle.LinkAdd(new LinkVeth("parent0", new VethPeer("parent1")));
        var parent = ns.Handle.ResolveIndex("parent0");
        var before = ns.Handle.LinkList().Count;
        LinkDefinition link = kind switch
        {
            "dummy" => new LinkDummy("x0"),
            "geneve" => new LinkGeneve("x0", 42, IPAddress.Parse("10.9.0.2")),
            "vlan" => new LinkVlan("x0", parent, 5),
            "ipvlan" => new LinkIpvlan("x0", parent) { Mode = IpvlanMode.L2 },
            _ => new LinkIpvtap("x0", parent),
        };

        var error = Record.Exception(() => ns.Handle.LinkAdd(link));

        if (error is null)
        {
            Assert.Equal(kind, ns.IpLink("x0").GetProperty("linkinfo").GetProperty("info_kind").GetString());
            return;
        }
        var lacks = Assert.IsType<NetlinkException>(error);
        Assert.Equal(kind, lacks.MissingFeature);
        Assert.StartsWith($"this kernel has no '{kind}' link type (module {module} not loaded?): cannot create interface x0 in namespace {ns.Name}", lacks.Message);
        Assert.Equal(before, ns.Handle.LinkList().Count);
    }

    [SkippableFact]
    public void Netem_works_or_fails_with_a_clear_kernel_lacks_error()
    {
        using var ns = ScratchNamespace.Create();
        ns.Handle.LinkAdd(new LinkVeth("eth0", new VethPeer("peer0")));

        var error = Record.Exception(() => ns.Handle.QdiscAdd("eth0", NetemSpec.Parse("delay 40ms rate 10mbit")));

        if (error is null)
        {
            Assert.Equal("netem", ns.Tc("qdisc", "show", "dev", "eth0")[0].GetProperty("kind").GetString());
            return;
        }
        var lacks = Assert.IsType<NetlinkException>(error);
        Assert.Equal("netem", lacks.MissingFeature);
        Assert.StartsWith($"this kernel has no 'netem' qdisc (module sch_netem not loaded?): cannot add it on eth0 in namespace {ns.Name}", lacks.Message);
        Assert.DoesNotContain(ns.Handle.QdiscList("eth0"), q => q.Kind == "netem");
    }
}
