using System.Net.NetworkInformation;
using Conlink.Netlink.Errors;
using Conlink.Netlink.Links;
using Conlink.Netlink.Tests.Support;

namespace Conlink.Netlink.Tests.Links;

public sealed class LinkSetterTests
{
    [SkippableFact]
    public void Up_down_mtu_mac_and_name_are_changed_and_read_back()
    {
        using var ns = ScratchNamespace.Create();
        ns.Handle.LinkAdd(new LinkVeth("v0", new VethPeer("v1")));

        ns.Handle.LinkSetMtu("v0", 1400);
        ns.Handle.LinkSetMac("v0", PhysicalAddress.Parse("02-00-00-00-00-07"));
        // renamed while down: kernels before 6.2 refuse to rename a link that is up
        ns.Handle.LinkSetName("v0", "renamed0");
        ns.Handle.LinkSetUp("renamed0");

        var link = ns.Handle.LinkGet("renamed0");
        Assert.Equal((1400, "020000000007", true), (link.Mtu, link.Mac!.ToString(), link.IsUp));
        Assert.Null(ns.Handle.LinkFind("v0"));
        var ip = ns.IpLink("renamed0");
        Assert.Equal(("02:00:00:00:00:07", 1400), (ip.GetProperty("address").GetString(), ip.GetProperty("mtu").GetInt32()));

        ns.Handle.LinkSetDown(link);
        Assert.False(ns.Handle.LinkGet(link.Index).IsUp);
        Assert.DoesNotContain("UP", ns.IpLink("renamed0").GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
    }

    [SkippableFact]
    public void Renaming_an_up_link_works_or_says_plainly_that_it_must_be_down_first_and_changes_nothing()
    {
        using var ns = ScratchNamespace.Create();
        ns.Handle.LinkAdd(new LinkVeth("v0", new VethPeer("v1")) { Up = true });

        var error = Record.Exception(() => ns.Handle.LinkSetName("v0", "renamed0"));

        if (error is null)
        {
            Assert.True(ns.Handle.LinkGet("renamed0").IsUp);
            return;
        }
        var busy = Assert.IsType<NetlinkException>(error);
        Assert.Equal(("EBUSY", Operation.LinkRename), (busy.ErrnoName, busy.Operation));
        Assert.Equal($"cannot rename interface v0 to renamed0 in namespace {ns.Name} while it is up: kernels before 6.2 refuse that (set it down first)",
            busy.Message);
        Assert.True(ns.Handle.LinkGet("v0").IsUp);
        Assert.Null(ns.Handle.LinkFind("renamed0"));
    }

    [SkippableFact]
    public void Several_changes_are_applied_in_one_request()
    {
        using var ns = ScratchNamespace.Create();
        ns.Handle.LinkAdd(new LinkVeth("v0", new VethPeer("v1")));

        ns.Handle.LinkSet("v0", new LinkChanges { Mtu = 1300, Up = true, Mac = PhysicalAddress.Parse("02-00-00-00-00-09") });

        var link = ns.Handle.LinkGet("v0");
        Assert.Equal((1300, true, "020000000009"), (link.Mtu, link.IsUp, link.Mac!.ToString()));
    }

    [SkippableFact]
    public void Master_and_nomaster_attach_and_detach_a_bridge_port()
    {
        using var ns = ScratchNamespace.Create();
        ns.Handle.LinkAdd(new LinkBridge("s1"));
        ns.Handle.LinkAdd(new LinkVeth("v0", new VethPeer("v1")));

        ns.Handle.LinkSetMaster("v0", "s1");
        Assert.Equal(ns.Handle.ResolveIndex("s1"), ns.Handle.LinkGet("v0").MasterIndex);
        Assert.Equal("s1", ns.IpLink("v0").GetProperty("master").GetString());

        ns.Handle.LinkSetNoMaster("v0");
        Assert.Null(ns.Handle.LinkGet("v0").MasterIndex);
        Assert.False(ns.IpLink("v0").TryGetProperty("master", out _));
    }

    [SkippableFact]
    public void Netns_moves_a_link_into_another_namespace()
    {
        using var a = ScratchNamespace.Create();
        using var b = ScratchNamespace.Create();
        a.Handle.LinkAdd(new LinkVeth("v0", new VethPeer("v1")));

        a.Handle.LinkSetNetNs("v1", b.Ns);

        Assert.Null(a.Handle.LinkFind("v1"));
        Assert.Equal("veth", b.Handle.LinkGet("v1").Kind);
        Assert.Equal("v1", b.IpLink("v1").GetProperty("ifname").GetString());
    }

    [SkippableFact]
    public void Deleting_one_veth_end_removes_both()
    {
        using var ns = ScratchNamespace.Create();
        ns.Handle.LinkAdd(new LinkVeth("v0", new VethPeer("v1")));

        ns.Handle.LinkDel("v0");

        Assert.Null(ns.Handle.LinkFind("v0"));
        Assert.Null(ns.Handle.LinkFind("v1"));
        Assert.Equal(["lo"], ns.Ip("link", "show").EnumerateArray().Select(l => l.GetProperty("ifname").GetString()));
    }

    [SkippableFact]
    public void Adding_an_existing_name_says_the_interface_already_exists_in_the_namespace()
    {
        using var ns = ScratchNamespace.Create();
        ns.Handle.LinkAdd(new LinkBridge("s1"));

        var error = Assert.Throws<NetlinkException>(() => ns.Handle.LinkAdd(new LinkBridge("s1")));

        Assert.Equal($"interface s1 already exists in namespace {ns.Name}", error.Message);
        Assert.Equal(("EEXIST", Operation.LinkAdd, "s1", ns.Name), (error.ErrnoName, error.Operation, error.Interface, error.Namespace));
        Assert.True(error.AlreadyExists);
    }

    [SkippableFact]
    public void Getting_a_missing_link_says_there_is_no_such_interface()
    {
        using var ns = ScratchNamespace.Create();

        var error = Assert.Throws<NetlinkException>(() => ns.Handle.LinkGet("nope0"));
        var deletion = Assert.Throws<NetlinkException>(() => ns.Handle.LinkDel("nope0"));

        Assert.Equal($"no interface nope0 in namespace {ns.Name}", error.Message);
        Assert.True(deletion.NotFound);
        Assert.StartsWith($"no interface nope0 in namespace {ns.Name}", deletion.Message);
    }

    [SkippableFact]
    public void Renaming_onto_a_taken_name_names_the_taken_name()
    {
        using var ns = ScratchNamespace.Create();
        ns.Handle.LinkAdd(new LinkVeth("v0", new VethPeer("v1")));

        var error = Assert.Throws<NetlinkException>(() => ns.Handle.LinkSetName("v0", "v1"));

        Assert.Equal($"interface v1 already exists in namespace {ns.Name}", error.Message);
    }

    [Fact]
    public void Names_the_kernel_would_refuse_are_refused_before_any_request()
    {
        var tooLong = Assert.Throws<ArgumentException>(() => new LinkBridge("a-very-long-name0"));
        var slash = Assert.Throws<ArgumentException>(() => new VethPeer("a/b"));

        Assert.Contains("longer than 15 characters", tooLong.Message);
        Assert.Contains("contains '/'", slash.Message);
    }
}
