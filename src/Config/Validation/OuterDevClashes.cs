using Conlink.Config.Loading;
using Conlink.Config.Model;
using Conlink.Config.Planning;

namespace Conlink.Config.Validation;

/// <summary>
/// Veth outer ends live side by side in conlink's namespace, next to the bridges and tunnels, so
/// every outer-dev name conlink will give, written or generated, for every replica compose starts,
/// must be unique there. A clash found at run time would leave one link down; found here it names
/// both links.
/// </summary>
internal static class OuterDevClashes
{
    /// <summary>
    /// Names generated for replicas after the first are checked up to this many in all, so a
    /// hostile <c>scale</c> cannot make validation slow; the run-time ownership check covers the rest.
    /// </summary>
    public const int ReplicaNameBudget = 200_000;

    private sealed record Owner(ValidatedLink Link, int Index, int Replicas)
    {
        public bool Written => Link.Spec.OuterDev is not null;

        public NodeLocation Location => (Written ? Link.Node["outer-dev"] : Link.Node["dev"] ?? Link.Node)!.Location;

        public string Describe()
        {
            var spec = Link.Spec;
            var who = spec.Service is { } service
                ? Replicas > 1 ? $"replica {Index} of service '{service}'" : $"service '{service}'"
                : $"container '{spec.Container}'";
            return $"{who} dev {spec.Dev}";
        }
    }

    public static void Check(IReadOnlyList<ValidatedLink> links, IEnumerable<string?> bridgeNames, IEnumerable<string> tunnelDevs,
        IReadOnlyDictionary<string, int> replicas, ICollection<ConfigError> errors)
    {
        var bridges = bridgeNames.OfType<string>().ToHashSet(StringComparer.Ordinal);
        var tunnels = tunnelDevs.ToHashSet(StringComparer.Ordinal);
        var seen = new Dictionary<string, Owner>(StringComparer.Ordinal);
        var veths = links.Where(l => l.Spec.Base == LinkBase.Conlink).ToList();
        int ReplicasOf(LinkSpec spec) => spec.Service is { } service ? Math.Max(1, replicas.GetValueOrDefault(service, 1)) : 1;

        void Add(Owner owner)
        {
            var name = OuterDevName.For(owner.Link.Spec, owner.Index);
            var written = owner.Written && owner.Index == 1;
            if (bridges.Contains(name))
                errors.Add(owner.Location.Error(written
                    ? $"outer-dev '{name}' is also the name of a bridge"
                    : $"outer-dev '{name}' of {owner.Describe()} is also the name of a bridge"));
            else if (tunnels.Contains(name))
                errors.Add(owner.Location.Error($"outer-dev '{name}' of {owner.Describe()} is also the name of a tunnel"));
            else if (!seen.TryAdd(name, owner))
            {
                var first = seen[name];
                // Two links for the same interface of the same container or service: reported as a duplicate dev.
                if (SameInterface(first.Link.Spec, owner.Link.Spec)) return;
                errors.Add(owner.Location.Error(written && first.Written && first.Index == 1
                    ? $"outer-dev '{name}' is already used (at {Position(first.Location)})"
                    : $"outer-dev '{name}' of {owner.Describe()} is also the outer-dev of {first.Describe()} (at {Position(first.Location)}); set a distinct outer-dev on one of them"));
            }
        }

        foreach (var link in veths) Add(new Owner(link, 1, ReplicasOf(link.Spec)));
        var budget = ReplicaNameBudget;
        foreach (var link in veths)
        {
            var count = ReplicasOf(link.Spec);
            for (var index = 2; index <= count && budget > 0; index++, budget--) Add(new Owner(link, index, count));
        }
    }

    private static bool SameInterface(LinkSpec a, LinkSpec b) => a.Service == b.Service && a.Container == b.Container && a.Dev == b.Dev;

    private static string Position(NodeLocation location) => $"{location.File}:{location.Line}:{location.Column}";
}
