using Conlink.Netlink.Links;
using Conlink.Netlink.Tests.Support;

namespace Conlink.Netlink.Tests.Links;

public sealed class LinkAliasTests
{
    [SkippableFact]
    public void An_alias_is_set_with_other_changes_read_back_and_removed()
    {
        using var ns = ScratchNamespace.Create();
        ns.Handle.LinkAdd(new LinkVeth("v0", new VethPeer("v1")));
        Assert.Null(ns.Handle.LinkGet("v0").Alias);

        ns.Handle.LinkSet("v0", new LinkChanges { Up = true, Alias = "made by conlink" });

        var link = ns.Handle.LinkGet("v0");
        Assert.Equal(("made by conlink", true), (link.Alias, link.IsUp));
        Assert.Equal("made by conlink", ns.IpLink("v0").GetProperty("ifalias").GetString());
        Assert.Equal("made by conlink", ns.Handle.LinkList().Single(l => l.Name == "v0").Alias);

        ns.Handle.LinkSet("v0", new LinkChanges { Alias = "" });

        Assert.Null(ns.Handle.LinkGet("v0").Alias);
        Assert.False(ns.IpLink("v0").TryGetProperty("ifalias", out _));
    }
}
