using Conlink.Netlink.Links;
using Conlink.Netlink.Tests.Support;

namespace Conlink.Netlink.Tests.Links;

public sealed class LinkForwardingTests
{
    [SkippableFact]
    public void Ipv4_forwarding_of_one_link_is_switched_on_and_off_and_the_others_keep_theirs()
    {
        using var ns = ScratchNamespace.Create();
        ns.Handle.LinkAdd(new LinkVeth("v0", new VethPeer("v1")));
        Tool.Run("ip", "netns", "exec", ns.Name, "sysctl", "-qw", "net.ipv4.conf.all.forwarding=0");

        ns.Handle.LinkSetIpv4Forwarding("v0", true);

        Assert.Equal(("1", "0", "0"), (Forwarding(ns, "v0"), Forwarding(ns, "v1"), Forwarding(ns, "all")));

        ns.Handle.LinkSetIpv4Forwarding("v0", false);

        Assert.Equal("0", Forwarding(ns, "v0"));
    }

    private static string Forwarding(ScratchNamespace ns, string dev) =>
        Tool.Run("ip", "netns", "exec", ns.Name, "sysctl", "-n", $"net.ipv4.conf.{dev}.forwarding").Trim();
}
