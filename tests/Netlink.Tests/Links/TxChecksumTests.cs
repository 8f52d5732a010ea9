using Conlink.Netlink.Errors;
using Conlink.Netlink.Links;
using Conlink.Netlink.Tests.Support;

namespace Conlink.Netlink.Tests.Links;

/// <summary>The in-process <c>ethtool --offload DEV tx on|off</c>, compared with ethtool itself on a twin veth.</summary>
public sealed class TxChecksumTests
{
    [SkippableTheory]
    [InlineData(false, "off")]
    [InlineData(true, "on")]
    public void Switching_tx_checksumming_leaves_every_feature_as_ethtool_leaves_it(bool enabled, string word)
    {
        Skip.IfNot(Tool.Exists("ethtool"), "ethtool is not installed");
        using var ns = ScratchNamespace.Create();
        ns.Handle.LinkAdd(new LinkVeth("ours", new VethPeer("ours1")));
        ns.Handle.LinkAdd(new LinkVeth("theirs", new VethPeer("theirs1")));
        if (enabled)
        {
            ns.Handle.LinkSetTxChecksumming("ours", false);
            Ethtool(ns, "--offload", "theirs", "tx", "off");
        }

        ns.Handle.LinkSetTxChecksumming("ours", enabled);
        Ethtool(ns, "--offload", "theirs", "tx", word);

        var ours = Features(ns, "ours");
        Assert.Equal(word, ours["tx-checksumming"]);
        Assert.Equal(Features(ns, "theirs"), ours);
        Assert.Equal(enabled, ns.Handle.LinkGetTxChecksumming("ours"));
    }

    [SkippableFact]
    public void A_missing_interface_is_a_clear_error()
    {
        using var ns = ScratchNamespace.Create();

        var error = Assert.Throws<NetlinkException>(() => ns.Handle.LinkSetTxChecksumming("nosuch0", false));

        Assert.Equal($"no interface nosuch0 in namespace {ns.Name}", error.Message);
    }

    private static string Ethtool(ScratchNamespace ns, params string[] args) => Tool.Run("ip", ["netns", "exec", ns.Name, "ethtool", .. args]);

    /// <summary><c>ethtool -k DEV</c> as feature -> state, without the heading that names the interface.</summary>
    private static Dictionary<string, string> Features(ScratchNamespace ns, string dev) =>
        Ethtool(ns, "-k", dev).Split('\n').Skip(1).Select(l => l.Trim().Split(": ", 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1]);
}
