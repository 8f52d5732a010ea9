using Conlink.Netlink.Errors;
using Conlink.Netlink.Links;
using Conlink.Netlink.Tc;
using Conlink.Netlink.Tests.Support;

namespace Conlink.Netlink.Tests.Tc;

public sealed class TcTests
{
    private static ScratchNamespace WithVeth()
    {
        var ns = ScratchNamespace.Create();
        ns.Handle.LinkAdd(new LinkVeth("veth0", new VethPeer("veth1")) { Up = true });
        ns.Handle.LinkSetUp("veth1");
        return ns;
    }

    [SkippableFact]
    public void Ingress_qdisc_is_added_idempotently_and_listed()
    {
        using var ns = WithVeth();

        ns.Handle.QdiscReplace("veth0", new IngressQdisc());
        ns.Handle.QdiscReplace("veth0", new IngressQdisc());

        var ingress = Assert.Single(ns.Handle.QdiscList("veth0"), q => q.Kind == "ingress");
        Assert.Equal((TcHandle.Ingress, TcHandle.IngressParent), (ingress.Handle, ingress.Parent));
        Assert.Contains(ns.Tc("qdisc", "show", "dev", "veth0").EnumerateArray(), q => q.GetProperty("kind").GetString() == "ingress");
    }

    [SkippableFact]
    public void Mirred_redirect_filter_is_listed_with_its_target()
    {
        using var ns = WithVeth();
        ns.Handle.QdiscReplace("veth0", new IngressQdisc());
        var target = ns.Handle.LinkGet("veth1");

        ns.Handle.FilterReplace("veth0", new MirredRedirectFilter(target.Index));

        var filter = Assert.Single(ns.Handle.FilterList("veth0", TcHandle.Ingress));
        Assert.Equal(("u32", target.Index, MirredRedirectFilter.AllProtocols), (filter.Kind, filter.RedirectIndex, filter.Protocol));
        var action = ns.Tc("filter", "show", "dev", "veth0", "parent", "ffff:").EnumerateArray()
            .Where(f => f.TryGetProperty("options", out var options) && options.TryGetProperty("actions", out _))
            .Select(f => f.GetProperty("options").GetProperty("actions")[0]).Single();
        Assert.Equal(("mirred", "redirect", "egress", "veth1"), (action.GetProperty("kind").GetString(), action.GetProperty("mirred_action").GetString(),
            action.GetProperty("direction").GetString(), action.GetProperty("to_dev").GetString()));
    }

    [SkippableFact]
    public void Filters_at_a_parent_are_deleted()
    {
        using var ns = WithVeth();
        ns.Handle.QdiscReplace("veth0", new IngressQdisc());
        ns.Handle.FilterReplace("veth0", new MirredRedirectFilter(ns.Handle.ResolveIndex("veth1")));

        ns.Handle.FilterDel("veth0", TcHandle.Ingress);

        Assert.Empty(ns.Handle.FilterList("veth0", TcHandle.Ingress));
        Assert.Empty(ns.Tc("filter", "show", "dev", "veth0", "parent", "ffff:").EnumerateArray());
    }

    [SkippableFact]
    public void Tbf_is_configured_exactly_as_tc_configures_it()
    {
        using var ns = WithVeth();

        ns.Handle.QdiscAdd("veth0", new TbfQdisc(DataRate.Parse("1mbit"), 4096) { Latency = TimeSpan.FromMilliseconds(400) });
        Tool.Run("tc", "-n", ns.Name, "qdisc", "add", "dev", "veth1", "root", "tbf", "rate", "1mbit", "burst", "4096", "latency", "400ms");

        var ours = ns.Tc("qdisc", "show", "dev", "veth0")[0];
        var theirs = ns.Tc("qdisc", "show", "dev", "veth1")[0];
        Assert.Equal("tbf", ours.GetProperty("kind").GetString());
        Assert.Equal(theirs.GetProperty("options").ToString(), ours.GetProperty("options").ToString());
        Assert.Equal(125000, ours.GetProperty("options").GetProperty("rate").GetInt64());
    }

    [SkippableFact]
    public void Root_qdisc_is_replaced_and_deleted()
    {
        using var ns = WithVeth();
        ns.Handle.QdiscAdd("veth0", new TbfQdisc(DataRate.Parse("1mbit"), 4096) { Limit = 10000 });

        ns.Handle.QdiscReplace("veth0", new TbfQdisc(DataRate.Parse("2mbit"), 8192) { Limit = 20000 });
        Assert.Equal(250000, ns.Tc("qdisc", "show", "dev", "veth0")[0].GetProperty("options").GetProperty("rate").GetInt64());

        ns.Handle.QdiscDel("veth0");
        Assert.DoesNotContain(ns.Handle.QdiscList("veth0"), q => q.Kind == "tbf");
    }

    [SkippableFact]
    public void Adding_a_second_root_qdisc_says_to_replace_it()
    {
        using var ns = WithVeth();
        ns.Handle.QdiscAdd("veth0", new TbfQdisc(DataRate.Parse("1mbit"), 4096) { Limit = 10000 });

        var error = Assert.Throws<NetlinkException>(() => ns.Handle.QdiscAdd("veth0", new TbfQdisc(DataRate.Parse("1mbit"), 4096) { Limit = 10000 }));

        Assert.True(error.AlreadyExists);
        Assert.Contains("replace it instead", error.Message);
    }

    [SkippableFact]
    public void Deleting_the_ingress_qdisc_removes_it()
    {
        using var ns = WithVeth();
        ns.Handle.QdiscReplace("veth0", new IngressQdisc());

        ns.Handle.QdiscDel("veth0", TcHandle.IngressParent);

        Assert.DoesNotContain(ns.Handle.QdiscList("veth0"), q => q.Kind == "ingress");
    }
}
