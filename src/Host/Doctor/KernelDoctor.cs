using Conlink.Config.Model;
using Conlink.Kernel.Features;

namespace Conlink.Host.Doctor;

/// <summary>
/// One line of <c>conlink doctor</c>: a kernel feature the config needs, the module that provides it,
/// what in the config needs it, and whether this kernel has it (<see cref="Missing"/> null) or why not.
/// </summary>
public sealed record FeatureCheck(string Feature, string Module, string LoadCommand, IReadOnlyList<string> NeededBy, string? Missing)
{
    public bool Present => Missing is null;
}

/// <summary>
/// <c>conlink doctor</c>'s work: the features a config needs (<see cref="FeatureNeeds"/>), each probed
/// on this kernel in a throwaway namespace (<see cref="KernelFeatureProbe"/>). Needs root.
/// </summary>
public static class KernelDoctor
{
    public static IReadOnlyList<FeatureCheck> Check(NetworkConfig config)
    {
        var needs = FeatureNeeds.Of(config);
        var probed = KernelFeatureProbe.Probe(needs.Select(n => n.Feature));
        return needs.Select(n => new FeatureCheck(n.Feature.Name, n.Feature.Module, n.Feature.LoadCommand, n.NeededBy, probed[n.Feature])).ToList();
    }
}
