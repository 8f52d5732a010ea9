using Conlink.Actors.Ports;
using Conlink.Config.Model;
using Conlink.Config.Planning;
using Conlink.Kernel.Forwards;
using Conlink.Kernel.Tools;
using Conlink.Netlink;
using Conlink.Netlink.Capture;
using Conlink.Netlink.Addresses;
using Conlink.Netlink.Errors;
using Conlink.Netlink.Links;
using Conlink.Netlink.Namespaces;
using Conlink.Netlink.Routes;
using Conlink.Netlink.Tc;

namespace Conlink.Kernel.Links;

/// <summary>
/// One container's namespace and the links conlink makes in it. A link is made under a temporary
/// name, configured, and only then given its final name; any failure removes what was made.
/// A link that already exists as planned (after a conlink restart) is adopted, not recreated.
/// </summary>
internal sealed class KernelContainerNetwork(KernelContext kernel, PortForwards forwards, ContainerIdentity container, NetNs ns, NetlinkHandle handle)
    : IContainerNetwork
{
    private readonly WorkInFlight _work = new($"the network of container {container.Name}");

    private NetlinkHandle Bridge => kernel.BridgeHandle;

    public async Task<LinkApplied> ApplyAsync(LinkPlan link, CancellationToken ct)
    {
        var outcome = await RunAsync(() =>
        {
            var recorder = kernel.Recorder(container.Name, link.Id);
            return link.Type switch
            {
                LinkType.Veth => ApplyVeth(link, recorder),
                LinkType.Dummy => ApplyLocal(link, recorder),
                _ => ApplyHostChild(link, recorder),
            };
        }, ct).ConfigureAwait(false);
        if (link.Ips.Any(a => a.IsIpv6)) await WaitUntilIpv6UsableAsync(link, ct).ConfigureAwait(false);
        return outcome;
    }

    /// <summary>How long the kernel's IPv6 link-local address may take to pass duplicate address detection.</summary>
    internal static readonly TimeSpan Ipv6SettleTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Waits (without holding a netlink thread) until the link's IPv6 side is usable: conlink's own
    /// addresses skip duplicate address detection (nodad), but the link-local address the kernel makes
    /// when the link comes up goes through it for a second or two, and until then the kernel cannot
    /// send neighbour solicitations from the link: a router would drop the first packets it forwards.
    /// Conlink leaves that address as the kernel makes it and reports the link ready once it is usable.
    /// </summary>
    private async Task WaitUntilIpv6UsableAsync(LinkPlan link, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + Ipv6SettleTimeout;
        var recorder = kernel.Recorder(container.Name, link.Id);
        while (true)
        {
            var addresses = await RunAsync(() => recorder.Do(handle, "addr-list -6 " + link.Dev,
                () => handle.AddrList(new LinkRef(link.Dev), System.Net.Sockets.AddressFamily.InterNetworkV6)), ct).ConfigureAwait(false);
            if (addresses.FirstOrDefault(a => (a.Flags & AddressFlags.DadFailed) != 0) is { } failed)
                throw new InvalidOperationException(
                    $"IPv6 address {failed.Address} on {link.Dev} failed duplicate address detection: another interface on the same network has it"
                    + (failed.Address.Address.IsIPv6LinkLocal ? " (a link-local address comes from the MAC: is the MAC used twice?)" : ""));
            var linkLocal = addresses.Any(a => a.Address.Address.IsIPv6LinkLocal);
            if (!addresses.Any(a => a.IsTentative) && (linkLocal || DateTime.UtcNow > deadline)) return;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException(
                    $"IPv6 on {link.Dev} is not usable after {Ipv6SettleTimeout.TotalSeconds:F0} s: {string.Join(", ", addresses.Where(a => a.IsTentative).Select(a => a.Address))} still tentative");
            await Task.Delay(50, ct).ConfigureAwait(false);
        }
    }

    public Task ApplyForwardsAsync(LinkPlan link, CancellationToken ct) => RunAsync(() =>
    {
        if (link.Forward.Count > 0) forwards.Add(link, kernel.Recorder(container.Name, link.Id));
    }, ct);

    public Task SetDownAsync(LinkPlan link, CancellationToken ct) => RunAsync(() =>
    {
        var recorder = kernel.Recorder(container.Name, link.Id);
        if (link.Type == LinkType.Veth && link.OuterDev is { } outerDev)
        {
            var outer = recorder.Do(Bridge, "link-get " + outerDev, () => Bridge.LinkFind(outerDev))
                ?? throw new InvalidOperationException($"the outer end {outerDev} of {link.Dev} is missing");
            recorder.Do(Bridge, "link-set-down " + outerDev, () => Bridge.LinkSetDown(new LinkRef(outer.Index, outerDev)));
            return;
        }
        var inner = recorder.Do(handle, "link-get " + link.Dev, () => handle.LinkFind(link.Dev))
            ?? throw new InvalidOperationException($"{link.Dev} is missing in the container");
        recorder.Do(handle, "link-set-down " + link.Dev, () => handle.LinkSetDown(new LinkRef(inner.Index, link.Dev)));
    }, ct);

    public async Task<bool> SetUpAsync(LinkPlan link, CancellationToken ct)
    {
        var intact = await RunAsync(() =>
        {
            var recorder = kernel.Recorder(container.Name, link.Id);
            var inner = recorder.Do(handle, "link-get " + link.Dev, () => handle.LinkFind(link.Dev));
            if (inner is null || inner.Kind != KindOf(link.Type) || !Matches(inner, link with { Mtu = link.Type == LinkType.Veth || link.Type == LinkType.Dummy ? link.Mtu : null }))
                return false;
            var target = new LinkRef(inner.Index, link.Dev);
            if (link.Type == LinkType.Veth && link.OuterDev is { } outerDev)
            {
                var outer = recorder.Do(Bridge, "link-get " + outerDev, () => Bridge.LinkFind(outerDev));
                if (outer is not { Kind: "veth" } || inner.ParentIndex != outer.Index || outer.ParentIndex != inner.Index) return false;
                // The carrier comes back first: what follows only checks what the kernel may have dropped.
                recorder.Do(Bridge, "link-set-up " + outerDev, () => Bridge.LinkSetUp(new LinkRef(outer.Index, outerDev)));
            }
            else recorder.Do(handle, "link-set-up " + link.Dev, () => handle.LinkSetUp(target));
            // A link set down loses its routes (and, by default, its IPv6 addresses); one that lost
            // its carrier keeps them. Either way the planned ones are there afterwards.
            ConfigureAddresses(target, link, recorder, adopting: true);
            foreach (var route in link.Route)
            {
                var spec = route.Value;
                recorder.Do(handle, $"route-replace {route.Text} dev {link.Dev}", () => handle.RouteReplace(spec, spec.Device is null ? target : (LinkRef?)null));
            }
            return true;
        }, ct).ConfigureAwait(false);
        if (intact && link.Ips.Any(a => a.IsIpv6)) await WaitUntilIpv6UsableAsync(link, ct).ConfigureAwait(false);
        return intact;
    }

    public async Task WaitOperationalAsync(LinkPlan link, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var running = await RunAsync(() => handle.LinkFind(link.Dev) is { } l && (l.Flags & InterfaceFlags.Running) != 0, ct).ConfigureAwait(false);
            if (running || DateTime.UtcNow >= deadline) return;
            await Task.Delay(2, ct).ConfigureAwait(false);
        }
    }

    public Task SetNetemAsync(LinkPlan link, Conlink.Syntax.Netem.NetemSpec? netem, CancellationToken ct) => RunAsync(() =>
    {
        var recorder = kernel.Recorder(container.Name, link.Id);
        var inner = recorder.Do(handle, "link-get " + link.Dev, () => handle.LinkFind(link.Dev))
            ?? throw new InvalidOperationException($"{link.Dev} is missing in the container");
        var target = new LinkRef(inner.Index, link.Dev);
        if (netem is not null)
        {
            try
            {
                recorder.Do(handle, $"qdisc-replace netem {netem} dev {link.Dev}", () => handle.QdiscReplace(target, netem));
            }
            catch (NetlinkException e) when (e.MissingFeature is { } feature)
            {
                throw new MissingKernelFeatureException(feature, e.Message, e);
            }
            return;
        }
        var present = recorder.Do(handle, "qdisc-list dev " + link.Dev, () => handle.QdiscList(target)).Any(q => q.Kind == "netem");
        if (present) recorder.Do(handle, "qdisc-del root dev " + link.Dev, () => handle.QdiscDel(target));
    }, ct);

    public Task<LinkApplied> ReconfigureAsync(LinkPlan old, LinkPlan @new, CancellationToken ct) => RunAsync(() =>
    {
        var notApplied = new List<string>();
        var recorder = kernel.Recorder(container.Name, @new.Id);
        var inner = recorder.Do(handle, "link-get " + @new.Dev, () => handle.LinkFind(@new.Dev))
            ?? throw new InvalidOperationException($"{@new.Dev} is missing in the container");
        var target = new LinkRef(inner.Index, @new.Dev);
        if (!Equals(old.Mac, @new.Mac) && @new.Mac is { } mac)
            recorder.Do(handle, $"link-set-mac {@new.Dev} {MacAddresses.Format(mac)}", () => handle.LinkSetMac(target, mac));
        if (old.Mtu != @new.Mtu && @new.Mtu is { } mtu)
        {
            recorder.Do(handle, $"link-set-mtu {@new.Dev} {mtu}", () => handle.LinkSetMtu(target, mtu));
            if (@new.Type == LinkType.Veth && @new.OuterDev is { } outerDev)
                recorder.Do(Bridge, $"link-set-mtu {outerDev} {mtu}", () => Bridge.LinkSetMtu(new LinkRef(outerDev), mtu));
        }
        var routesChanged = !old.Route.Select(r => r.Text).SequenceEqual(@new.Route.Select(r => r.Text));
        var ipChanged = !old.Ips.SequenceEqual(@new.Ips);
        if (routesChanged || ipChanged)
            foreach (var route in old.Route.Where(r => ipChanged || !@new.Route.Any(n => n.Text == r.Text)))
            {
                var spec = route.Value;
                TryQuietly(() => recorder.Do(handle, $"route-del {route.Text} dev {@new.Dev}", () => handle.RouteDel(spec, spec.Device is null ? target : (LinkRef?)null)));
            }
        if (ipChanged)
        {
            var removed = old.Ips.Where(ip => !@new.Ips.Contains(ip)).ToList();
            if (removed.Count > 0)
            {
                var present = recorder.Do(handle, "addr-list " + @new.Dev, () => handle.AddrList(target));
                foreach (var before in removed)
                {
                    var address = new InterfaceAddress(before.Address, before.PrefixLength);
                    if (present.Any(a => a.Address.Equals(address)))
                        recorder.Do(handle, $"addr-del {address} dev {@new.Dev}", () => handle.AddrDel(target, address));
                }
            }
            foreach (var after in @new.Ips.Where(ip => !old.Ips.Contains(ip)))
            {
                var address = new InterfaceAddress(after.Address, after.PrefixLength);
                var flags = after.IsIpv6 ? AddressFlags.NoDad : AddressFlags.None;
                recorder.Do(handle, $"addr-add {address} dev {@new.Dev}{(after.IsIpv6 ? " nodad" : "")}", () => handle.AddrAdd(target, address, flags));
            }
        }
        if (routesChanged || ipChanged)
            foreach (var route in @new.Route)
            {
                var spec = route.Value;
                recorder.Do(handle, $"route-replace {route.Text} dev {@new.Dev}", () => handle.RouteReplace(spec, spec.Device is null ? target : (LinkRef?)null));
            }
        if (old.Netem?.Text != @new.Netem?.Text)
        {
            if (@new.Netem is { Spec: var netem })
                Optional("netem", notApplied, () => recorder.Do(handle, $"qdisc-replace netem {netem} dev {@new.Dev}", () => handle.QdiscReplace(target, netem)));
            else if (recorder.Do(handle, "qdisc-list dev " + @new.Dev, () => handle.QdiscList(target)).Any(q => q.Kind == "netem"))
                recorder.Do(handle, "qdisc-del root dev " + @new.Dev, () => handle.QdiscDel(target));
        }
        return new LinkApplied(LinkOutcome.Adopted, notApplied);
    }, ct);

    private static void TryQuietly(Action action)
    {
        try
        {
            action();
        }
        catch (NetlinkException)
        {
            // Gone already (the kernel drops routes with their address): what matters is the new state.
        }
    }

    public Task RemoveAsync(LinkPlan link, CancellationToken ct) => RunAsync(() =>
    {
        var recorder = kernel.Recorder(container.Name, link.Id);
        if (link.Forward.Count > 0) forwards.Remove(link, recorder);
        var inner = recorder.Do(handle, "link-get " + link.Dev, () => handle.LinkFind(link.Dev));
        if (link.Type == LinkType.Veth && link.OuterDev is { } outerDev
            && recorder.Do(Bridge, "link-get " + outerDev, () => Bridge.LinkFind(outerDev)) is { } outer && IsThisLinks(outer, inner, link))
            recorder.Do(Bridge, "link-del " + outerDev, () => Bridge.LinkDel(outer));
        if (inner is not null && inner.Kind == KindOf(link.Type)
            && recorder.Do(handle, "link-get " + link.Dev, () => handle.LinkFind(link.Dev)) is { } stillThere)
            recorder.Do(handle, "link-del " + link.Dev, () => handle.LinkDel(stillThere));
    }, ct);

    /// <summary>Every interface of the container with its counters, from one dump.</summary>
    public Task<IReadOnlyList<Link>> ListWithStatisticsAsync(CancellationToken ct) =>
        RunAsync(() => kernel.Recorder(container.Name, null).Do(handle, "link-list-stats", () => handle.LinkList(statistics: true)), ct);

    /// <summary>Starts capturing on <paramref name="dev"/> in the container (fails naming it when it does not exist).</summary>
    public Task<PacketCapture> OpenCaptureAsync(string dev, CaptureOptions options) =>
        _work.Run(() => PacketCapture.OpenAsync(ns, dev, options));

    /// <summary>Closes the container's handle and namespace once the work still running on them is done.</summary>
    public void Dispose() => _work.Close(() =>
    {
        kernel.Containers.Closed(container.Name, this);
        handle.Dispose();
        ns.Dispose();
    });

    private Task<T> RunAsync<T>(Func<T> work, CancellationToken ct) => _work.Run(() => kernel.RunAsync(work, ct));

    private Task RunAsync(Action work, CancellationToken ct) => RunAsync(() =>
    {
        work();
        return true;
    }, ct);

    /// <summary>Links left under a temporary name by a conlink that died while making them.</summary>
    internal void RemoveHalfMadeLinks()
    {
        foreach (var link in handle.LinkList().Where(l => TemporaryName.IsTemporary(l.Name)))
            handle.LinkDel(link);
    }

    private LinkApplied ApplyVeth(LinkPlan link, NetlinkRecorder recorder)
    {
        var outerDev = link.OuterDev ?? throw new ArgumentException($"{link.Id}: a veth link needs an outer-dev");
        var inner = recorder.Do(handle, "link-get " + link.Dev, () => handle.LinkFind(link.Dev));
        var outer = recorder.Do(Bridge, "link-get " + outerDev, () => Bridge.LinkFind(outerDev));
        if (inner is { Kind: "veth" } && outer is { Kind: "veth" }
            && inner.ParentIndex == outer.Index && outer.ParentIndex == inner.Index && Matches(inner, link))
        {
            var notApplied = Configure(inner, link, recorder, adopting: true);
            BringUpOuterEnd(outer, link, recorder);
            return new LinkApplied(LinkOutcome.Adopted, notApplied);
        }

        // An interface of that name that is not this link's (another link's live outer end, a
        // bridge, conlink's own Docker interface) is never deleted: this link fails instead.
        if (outer is not null && !IsThisLinks(outer, inner, link))
            throw new InvalidOperationException(
                $"outer-dev {outerDev} already exists in conlink's namespace as {OwnedInterface.Describe(outer)}; conlink does not remove it (set a distinct outer-dev)");
        if (inner is not null) recorder.Do(handle, "link-del " + link.Dev, () => handle.LinkDel(inner));
        if (recorder.Do(Bridge, "link-get " + outerDev, () => Bridge.LinkFind(outerDev)) is { } leftover && IsThisLinks(leftover, null, link))
            recorder.Do(Bridge, "link-del " + outerDev, () => Bridge.LinkDel(leftover));

        var temporary = TemporaryName.New();
        recorder.Do(Bridge, $"link-add veth {outerDev} peer {temporary}", () => Bridge.LinkAdd(
            new LinkVeth(outerDev, new VethPeer(temporary) { Mac = link.Mac, Mtu = link.Mtu, Namespace = ns }) { Mtu = link.Mtu }));
        try
        {
            var created = recorder.Do(handle, "link-get " + temporary, () => handle.LinkGet(temporary));
            var notApplied = Configure(created, link, recorder, adopting: false);
            BringUpOuterEnd(outerDev, link, recorder);
            return new LinkApplied(LinkOutcome.Created, notApplied);
        }
        catch
        {
            RemoveQuietly(Bridge, outerDev);
            throw;
        }
    }

    private void BringUpOuterEnd(LinkRef outer, LinkPlan link, NetlinkRecorder recorder) =>
        recorder.Do(Bridge, "link-set-up " + outer, () => Bridge.LinkSet(outer, new LinkChanges { Up = true, Alias = OwnedInterface.Alias(link.Id) }));

    private LinkApplied ApplyLocal(LinkPlan link, NetlinkRecorder recorder)
    {
        var inner = recorder.Do(handle, "link-get " + link.Dev, () => handle.LinkFind(link.Dev));
        if (inner is { Kind: "dummy" } && Matches(inner, link))
        {
            return new LinkApplied(LinkOutcome.Adopted, Configure(inner, link, recorder, adopting: true));
        }
        if (inner is not null) recorder.Do(handle, "link-del " + link.Dev, () => handle.LinkDel(inner));

        var temporary = TemporaryName.New();
        Create(link, temporary, recorder, handle, "link-add dummy " + temporary, () => handle.LinkAdd(new LinkDummy(temporary) { Mac = link.Mac, Mtu = link.Mtu }));
        return ConfigureOrRemove(temporary, link, recorder);
    }

    private LinkApplied ApplyHostChild(LinkPlan link, NetlinkRecorder recorder)
    {
        var host = kernel.HostHandle;
        var parentName = link.OuterDev ?? throw new ArgumentException($"{link.Id}: a {KindOf(link.Type)} link needs outer-dev (its host parent)");
        var parent = recorder.Do(host, "link-get " + parentName, () => host.LinkFind(parentName))
            ?? throw new InvalidOperationException(
                $"the parent of {link.Dev}, host interface {parentName} (outer-dev), does not exist in namespace {host.Namespace}");

        var inner = recorder.Do(handle, "link-get " + link.Dev, () => handle.LinkFind(link.Dev));
        if (inner is not null && inner.Kind == KindOf(link.Type) && Matches(inner, link with { Mtu = HostChildLink.Mtu(link, parent) }))
        {
            return new LinkApplied(LinkOutcome.Adopted, Configure(inner, link, recorder, adopting: true));
        }
        if (inner is not null) recorder.Do(handle, "link-del " + link.Dev, () => handle.LinkDel(inner));

        var temporary = TemporaryName.New();
        var definition = HostChildLink.Definition(link, temporary, parent, ns);
        Create(link, temporary, recorder, host, $"link-add {definition.Kind} {temporary} link {parentName}", () => host.LinkAdd(definition));
        return ConfigureOrRemove(temporary, link, recorder);
    }

    /// <summary>Creates a link under its temporary name; a link type the kernel lacks is reported by the link's own name.</summary>
    private static void Create(LinkPlan link, string temporary, NetlinkRecorder recorder, NetlinkHandle where, string operation, Action create)
    {
        try
        {
            recorder.Do(where, operation, create);
        }
        catch (NetlinkException e) when (e.MissingFeature is { } feature)
        {
            throw new MissingKernelFeatureException(feature, e.Message.Replace(temporary, link.Dev, StringComparison.Ordinal), e);
        }
    }

    private LinkApplied ConfigureOrRemove(string temporary, LinkPlan link, NetlinkRecorder recorder)
    {
        var created = recorder.Do(handle, "link-get " + temporary, () => handle.LinkGet(temporary));
        try
        {
            return new LinkApplied(LinkOutcome.Created, Configure(created, link, recorder, adopting: false));
        }
        catch
        {
            RemoveQuietly(handle, new LinkRef(created.Index));
            throw;
        }
    }

    /// <summary>
    /// Gives a made (or adopted) container end its name, address, state, routes and options; returns the
    /// optional settings (netem, ethtool entries) that could not be applied, unless strict, where they fail the link.
    /// </summary>
    private List<string> Configure(Link link, LinkPlan plan, NetlinkRecorder recorder, bool adopting)
    {
        var target = new LinkRef(link.Index, plan.Dev);
        var notApplied = new List<string>();
        // A made link is still down here: kernels before 6.2 refuse to rename a link that is up (EBUSY).
        if (!adopting) recorder.Do(handle, $"link-set-name {link.Name} {plan.Dev}", () => handle.LinkSetName(new LinkRef(link.Index), plan.Dev));
        ConfigureAddresses(target, plan, recorder, adopting);
        recorder.Do(handle, "link-set-up " + plan.Dev, () => handle.LinkSetUp(target));
        foreach (var route in plan.Route)
        {
            var spec = route.Value;
            recorder.Do(handle, $"route-replace {route.Text} dev {plan.Dev}", () => handle.RouteReplace(spec, spec.Device is null ? target : (LinkRef?)null));
        }
        if (plan.Netem is { Spec: var netem })
            Optional("netem", notApplied, () => recorder.Do(handle, $"qdisc-replace netem {netem} dev {plan.Dev}", () => handle.QdiscReplace(target, netem)));
        foreach (var entry in plan.Ethtool)
        {
            if (Ethtool.TxChecksumming(entry) is { } enabled)
                Optional($"ethtool {entry}", notApplied, () => recorder.Do(handle, $"ethtool {entry} dev {plan.Dev}", () => handle.LinkSetTxChecksumming(target, enabled)));
            else
                Optional($"ethtool {entry}", notApplied, () => recorder.Do(handle.Namespace, $"ethtool {entry} dev {plan.Dev}", () => ExternalCommand.Run("ethtool", Ethtool.Arguments(entry, plan.Dev), ns)));
        }
        if (plan.Nat is { } nat && plan.PrimaryIp(nat.AddressFamily) is { } own)
            recorder.Do(handle.Namespace, $"{Iptables.Program(nat.AddressFamily)} nat {nat}", () =>
            {
                Iptables.Ensure(ns, Iptables.NatRules(plan.Dev, nat, own.Address), nat.AddressFamily);
                return true;
            });
        return notApplied;
    }

    /// <summary>Applies an optional setting; when strict its failure fails the link, else it is listed as not applied, with why.</summary>
    private void Optional(string setting, List<string> notApplied, Action apply)
    {
        try
        {
            apply();
        }
        catch (Exception e) when (!kernel.Options.Strict && e is not OperationCanceledException)
        {
            var why = e is NetlinkException { MissingFeature: { } feature } && setting == "netem" ? $"kernel lacks sch_{feature}" : e.Message;
            notApplied.Add($"{setting} not applied ({why})");
        }
    }

    /// <summary>
    /// Gives the link every planned address, IPv4 and IPv6, with nodad so that an IPv6 address is
    /// usable the moment the link is reported up (never tentative). Adopting, each planned address
    /// already there is kept unless it is still tentative or failed duplicate detection (added by
    /// someone without nodad), which is added again. Addresses the plan does not name are left
    /// alone: the kernel's IPv6 link-local address, and any a command in the container added.
    /// </summary>
    private void ConfigureAddresses(LinkRef target, LinkPlan plan, NetlinkRecorder recorder, bool adopting)
    {
        if (plan.Ips.Count == 0) return;
        var present = adopting ? recorder.Do(handle, "addr-list " + plan.Dev, () => handle.AddrList(target)) : [];
        foreach (var ip in plan.Ips)
        {
            var address = new InterfaceAddress(ip.Address, ip.PrefixLength);
            var existing = present.FirstOrDefault(a => a.Address.Equals(address));
            if (existing is { IsTentative: false }) continue;
            if (existing is not null) recorder.Do(handle, $"addr-del {address} dev {plan.Dev}", () => handle.AddrDel(target, address));
            // Duplicate address detection is IPv6's; IPv4 addresses are usable at once anyway.
            var flags = ip.IsIpv6 ? AddressFlags.NoDad : AddressFlags.None;
            recorder.Do(handle, $"addr-add {address} dev {plan.Dev}{(ip.IsIpv6 ? " nodad" : "")}", () => handle.AddrAdd(target, address, flags));
        }
    }

    /// <summary>
    /// Whether <paramref name="outer"/>, found under the link's outer-dev name, is this link's: marked
    /// with its alias, or the veth peer of its container end (made, then cut off before the alias was set).
    /// </summary>
    private static bool IsThisLinks(Link outer, Link? inner, LinkPlan link) =>
        OwnedInterface.IsOwnedBy(outer, link.Id)
        || (inner is { Kind: "veth" } && outer.Kind == "veth" && inner.ParentIndex == outer.Index && outer.ParentIndex == inner.Index);

    private static bool Matches(Link existing, LinkPlan plan) =>
        (plan.Mac is null || plan.Mac.Equals(existing.Mac)) && (plan.Mtu is null || plan.Mtu == existing.Mtu);

    private static void RemoveQuietly(NetlinkHandle where, LinkRef link)
    {
        try
        {
            where.LinkDel(link);
        }
        catch (NetlinkException)
        {
            // Best effort: the original failure is what the user needs to see.
        }
    }

    internal static string KindOf(LinkType type) => type.ToString().ToLowerInvariant();
}
