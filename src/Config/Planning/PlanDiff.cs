using Conlink.Config.Model;

namespace Conlink.Config.Planning;

/// <summary>
/// What re-applying a configuration changes, computed from the running plans and the new ones
/// (pure): per container, the links added, removed and changed (in place or re-made), and the
/// bridges, tunnels and cluster spans added or removed. Unchanged links are not in it. A tunnel
/// whose settings changed is one removed and one added; a bridge no longer declared (so no link
/// or tunnel of the new config uses it) is removed, unless it spanned the cluster: then its span is
/// removed (the vxlan deleted, the cluster told) and the bridge stays until conlink stops.
/// </summary>
public sealed record PlanDiff(
    IReadOnlyList<ContainerDiff> Containers,
    IReadOnlyList<string> BridgesAdded,
    IReadOnlyList<string> BridgesRemoved,
    IReadOnlyList<TunnelSpec> TunnelsAdded,
    IReadOnlyList<TunnelSpec> TunnelsRemoved,
    IReadOnlyList<string> SpansAdded,
    IReadOnlyList<string> SpansRemoved)
{
    public bool IsEmpty => Containers.Count == 0 && BridgesAdded.Count == 0 && BridgesRemoved.Count == 0 && TunnelsAdded.Count == 0 && TunnelsRemoved.Count == 0
        && SpansAdded.Count == 0 && SpansRemoved.Count == 0;

    public int LinkChanges => Containers.Sum(c => c.Links.Count);

    public static PlanDiff Compute(NetworkConfig oldConfig, NetworkConfig newConfig, IEnumerable<(ContainerPlan Old, ContainerPlan New)> running)
    {
        var containers = running.Select(p => ContainerDiff.Compute(p.Old, p.New)).Where(d => d.Links.Count > 0 || d.CommandsChanged)
            .OrderBy(d => d.Container, StringComparer.Ordinal).ToList();
        var oldTunnels = oldConfig.Tunnels.Select(Describe).ToHashSet();
        var newTunnels = newConfig.Tunnels.Select(Describe).ToHashSet();
        static List<TunnelSpec> Only(IEnumerable<TunnelSpec> tunnels, HashSet<string> not) =>
            tunnels.Where(t => !not.Contains(Describe(t))).OrderBy(t => t.Dev, StringComparer.Ordinal).ToList();
        var oldSpans = Spans(oldConfig);
        var newSpans = Spans(newConfig);
        return new PlanDiff(
            containers,
            newConfig.Bridges.Keys.Except(oldConfig.Bridges.Keys).Order(StringComparer.Ordinal).ToList(),
            oldConfig.Bridges.Keys.Except(newConfig.Bridges.Keys).Where(b => oldConfig.Bridges[b].Span is null).Order(StringComparer.Ordinal).ToList(),
            Only(newConfig.Tunnels, oldTunnels),
            Only(oldConfig.Tunnels, newTunnels),
            newSpans.Except(oldSpans).Order(StringComparer.Ordinal).ToList(),
            oldSpans.Except(newSpans).Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>The spanned bridges, as "bridge vni N": a span whose VNI changed is one removed and one added.</summary>
    private static HashSet<string> Spans(NetworkConfig config) =>
        config.Bridges.Values.Where(b => b.Span is not null).Select(b => $"{b.Name} vni {b.Span!.Vni}").ToHashSet();

    /// <summary>A tunnel as the diff shows it: what makes it this tunnel, so any change shows.</summary>
    public static string Describe(TunnelSpec t) => $"{t.Type.ToString().ToLowerInvariant()} {t.Dev} vni {t.Vni} remote {t.Remote} bridge {t.Bridge.Name}{(t.Netem is { } n ? " netem " + n.Text : "")}";

    /// <summary>One line per change, as --dry-run and the log show it.</summary>
    public IEnumerable<string> Lines()
    {
        if (IsEmpty)
        {
            yield return "no changes: the running links already match the configuration";
            yield break;
        }
        foreach (var container in Containers)
        {
            foreach (var link in container.Links) yield return $"container {container.Container}: {link}";
            if (container.CommandsChanged) yield return $"container {container.Container}: commands changed (they run again at its next start)";
        }
        foreach (var b in BridgesAdded) yield return $"+ bridge {b}";
        foreach (var t in TunnelsRemoved) yield return $"- tunnel {Describe(t)}";
        foreach (var t in TunnelsAdded) yield return $"+ tunnel {Describe(t)}";
        foreach (var b in BridgesRemoved) yield return $"- bridge {b} (no longer declared: deleted once the links leaving it are removed)";
        foreach (var b in SpansAdded) yield return $"+ span: cluster on bridge {b} (its vxlan is made and the cluster is told)";
        foreach (var b in SpansRemoved) yield return $"- span: cluster on bridge {b} (its vxlan is deleted and the cluster is told)";
    }

    public string Summary => IsEmpty ? "no changes"
        : $"{LinkChanges} link change(s) in {Containers.Count} container(s), {BridgesAdded.Count + BridgesRemoved.Count} bridge change(s), {TunnelsAdded.Count + TunnelsRemoved.Count} tunnel change(s)"
            + (SpansAdded.Count + SpansRemoved.Count > 0 ? $", {SpansAdded.Count + SpansRemoved.Count} span change(s)" : "");
}

/// <summary>The link changes of one running container.</summary>
public sealed record ContainerDiff(string Container, IReadOnlyList<LinkDiff> Links, bool CommandsChanged)
{
    public static ContainerDiff Compute(ContainerPlan old, ContainerPlan @new)
    {
        var oldLinks = old.Links.ToDictionary(l => l.Id);
        var newLinks = @new.Links.ToDictionary(l => l.Id);
        var links = new List<LinkDiff>();
        foreach (var link in old.Links.Where(l => !newLinks.ContainsKey(l.Id)))
            links.Add(new LinkDiff(link, null, LinkChangeKind.Remake, []));
        foreach (var link in @new.Links)
        {
            if (!oldLinks.TryGetValue(link.Id, out var before)) links.Add(new LinkDiff(null, link, LinkChangeKind.Remake, []));
            else if (LinkDiff.Compare(before, link) is { Kind: not LinkChangeKind.Unchanged } changed) links.Add(changed);
        }
        var commandsChanged = !old.Commands.Select(c => string.Join('\0', c.ToArgv())).SequenceEqual(@new.Commands.Select(c => string.Join('\0', c.ToArgv())));
        return new ContainerDiff(@new.Container.Name, links, commandsChanged);
    }
}
