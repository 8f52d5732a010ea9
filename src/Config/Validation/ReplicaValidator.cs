using Conlink.Config.Loading;
using Conlink.Config.Model;
using Conlink.Config.Planning;

namespace Conlink.Config.Validation;

/// <summary>
/// When the compose files give a service's replica count, checks at load time what planning would
/// find only when the last replica starts: that its offset addresses stay in their subnets, its MAC
/// unicast and its forward ports at most 65535. Offsets grow with the replica number and each value
/// can leave its range only once, so checking the last replica checks them all.
/// </summary>
internal static class ReplicaValidator
{
    public static void Check(IReadOnlyList<ValidatedLink> links, IReadOnlyDictionary<string, int> replicas, ICollection<ConfigError> errors)
    {
        foreach (var (spec, node) in links)
        {
            if (spec.Service is not { } service || !replicas.TryGetValue(service, out var count) || count <= 1) continue;
            var offset = count - 1;
            var prefix = $"{service} has {count} replicas: ";
            if (node["ip"] is { } ipNode)
            {
                var items = ipNode is SequenceNode sequence ? sequence.Items : [ipNode];
                for (var i = 0; i < spec.Ips.Count && i < items.Count; i++)
                    if (ReplicaOffsets.Ip(spec.Ips[i], offset).Problem is { } problem)
                        errors.Add(items[i].Location.Error(prefix + problem));
            }
            if (spec.Mac is { } mac && ReplicaOffsets.Mac(mac, offset).Problem is { } macProblem)
                errors.Add(node["mac"]!.Location.Error(prefix + macProblem));
            if (node["forward"] is SequenceNode forwards)
                for (var i = 0; i < spec.Forward.Count && i < forwards.Items.Count; i++)
                    if (ReplicaOffsets.Forward(spec.Forward[i], offset).Problem is { } forwardProblem)
                        errors.Add(forwards.Items[i].Location.Error(prefix + forwardProblem));
        }
    }
}
