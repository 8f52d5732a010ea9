using System.Text.Json;
using Conlink.Config.Model;
using Conlink.Config.Planning;
using Conlink.Kernel;
using Conlink.Testing;

namespace Conlink.Kernel.Tests;

/// <summary>
/// The link types this machine's kernel lacks (dummy, vlan, ipvlan and ipvtap in each mode, macvtap),
/// through the real engine on a kernel that has them (scripts/test.sh vm): made, configured with IP,
/// MAC where the type takes one and MTU, read back with <c>ip -d -j</c>, the same again after the
/// container restarts, and nothing left after shutdown. Each mode gets its own host parent (ipvlan
/// keeps one mode per parent). Elsewhere each case skips, naming the missing module.
/// </summary>
[Collection("kernel")]
[Trait("Category", "KernelFeature")]
public sealed class FeatureLinkTests : IAsyncLifetime
{
    private const int ParentMtu = 1400;
    private const int LinkMtu = 1300;
    private readonly KernelEngine _kernel = new();
    private ScratchNetns? _host;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _kernel.DisposeAsync();
        _host?.Dispose();
    }

    public static TheoryData<string, string, string[]> Kinds => new()
    {
        // kind, module, one `mode:`/`vlanid:` setting per link ("" for none)
        { "dummy", "dummy", [""] },
        { "vlan", "8021q", ["vlanid: 5"] },
        { "ipvlan", "ipvlan", ["mode: l2", "mode: l3", "mode: l3s"] },
        { "ipvtap", "ipvtap", ["mode: l2", "mode: l3", "mode: l3s"] },
        { "macvtap", "macvtap", ["mode: private", "mode: vepa", "mode: bridge"] },
    };

    [SkippableTheory]
    [MemberData(nameof(Kinds))]
    public async Task Each_mode_is_made_configured_and_read_back_the_same_after_a_restart_and_leaves_nothing(string kind, string module, string[] settings)
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        Skip.IfNot(KernelFeatures.HasLinkType(kind), $"this kernel has no {kind} (module {module}); scripts/test.sh vm runs this test on Debian's kernel");
        var hostParent = kind != "dummy";
        var parents = settings.Select((_, i) => $"parent{i}").ToArray();
        if (hostParent) MakeHost(parents);
        var takesMac = kind is not ("ipvlan" or "ipvtap");
        var lines = settings.Select((setting, i) =>
            $"  - {{service: node, type: {kind}, dev: {kind[..2]}{i}, ip: 10.0.{20 + i}.1/24, mtu: {LinkMtu}" +
            (hostParent ? $", outer-dev: {parents[i]}" : "") + (setting == "" ? "" : $", {setting}") + "}");
        var network = TestNetwork.FromYaml("links:\n" + string.Join('\n', lines));
        _kernel.Start(network);

        var node1 = _kernel.Runtime.Start("node_1", "node", 1);
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == settings.Length);
        var before = ReadBack(node1, network, kind, settings, takesMac);

        var restarted = _kernel.Runtime.Restart("node_1");
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == settings.Length &&
            Enumerable.Range(0, settings.Length).All(i => ContainerLinks.Has(restarted.Pid, $"{kind[..2]}{i}")));
        Assert.Equal(before, ReadBack(restarted, network, kind, settings, takesMac));

        await _kernel.ShutdownAsync();

        Assert.Equal(["lo"], ContainerLinks.Names(restarted.Pid));
        if (hostParent) Assert.Equal(["lo", .. parents.SelectMany(p => new[] { p, p + "p" }).Order()], HostInterfaces());
        Assert.Equal(["lo"], _kernel.BridgeNamespaceLinks().Keys);
    }

    /// <summary>Each link as <c>ip -d -j</c> shows it (kind, mode or vlan id, MAC, MTU, addresses), checked against the plan.</summary>
    private List<string> ReadBack(ContainerIdentity node, TestNetwork network, string kind, string[] settings, bool takesMac)
    {
        var plans = network.Plan(node).Links;
        var seen = new List<string>();
        for (var i = 0; i < settings.Length; i++)
        {
            var dev = $"{kind[..2]}{i}";
            var link = ContainerLinks.Interface(node.Pid, dev);
            var plan = plans.Single(p => p.Dev == dev);
            Assert.Equal(kind, ContainerLinks.Kind(link));
            Assert.Equal(LinkMtu, link.GetProperty("mtu").GetInt32());
            Assert.Equal([$"10.0.{20 + i}.1/24"], ContainerLinks.Ipv4(link));
            Assert.Contains("UP", link.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
            var mac = link.GetProperty("address").GetString();
            Assert.Equal(takesMac ? MacAddresses.Format(plan.Mac!) : ParentMac($"parent{i}"), mac);
            var setting = settings[i];
            if (setting.StartsWith("mode: ", StringComparison.Ordinal))
                Assert.Equal(setting["mode: ".Length..], ContainerLinks.Data(link, "mode"));
            if (setting.StartsWith("vlanid: ", StringComparison.Ordinal))
                Assert.Equal(setting["vlanid: ".Length..], ContainerLinks.Data(link, "id"));
            seen.Add($"{dev} {ContainerLinks.Kind(link)} {setting} {mac} {link.GetProperty("mtu").GetInt32()} {string.Join(',', ContainerLinks.Ipv4(link))}");
        }
        return seen;
    }

    /// <summary>The stand-in host: one veth per parent (MTU 1400), both ends up so the parent has carrier.</summary>
    private void MakeHost(string[] parents)
    {
        _host = new ScratchNetns("clhost");
        foreach (var parent in parents)
        {
            _host.Ip("link", "add", parent, "mtu", $"{ParentMtu}", "type", "veth", "peer", "name", parent + "p", "mtu", $"{ParentMtu}");
            _host.Ip("link", "set", parent, "up");
            _host.Ip("link", "set", parent + "p", "up");
        }
        _kernel.HostNamespace = _host.Name;
    }

    private string? ParentMac(string parent) =>
        Links(_host!.Name).Single(l => l.GetProperty("ifname").GetString() == parent).GetProperty("address").GetString();

    private List<string> HostInterfaces() =>
        Links(_host!.Name).Select(l => l.GetProperty("ifname").GetString()!).Order().ToList();

    private static IEnumerable<JsonElement> Links(string netns) => KernelProbe.LinksOfNamed(netns).EnumerateArray();
}
