namespace Conlink.Actors.Status;

/// <summary>
/// Finds the link a user names on the command line (<c>conlink capture</c>, <c>conlink link down</c>):
/// <c>CONTAINER:DEV</c> as <c>conlink status</c> shows it; <c>SERVICE:DEV</c> when the service has
/// one replica; <c>SERVICE_N:DEV</c> for its replica N. A pure function of the status snapshot.
/// </summary>
public static class LinkTargets
{
    /// <summary>The one link <paramref name="target"/> names, or why there is none (no such link, or several).</summary>
    public static LinkTargetResult Resolve(IReadOnlyList<LinkStatus> links, string target)
    {
        var colon = target.LastIndexOf(':');
        if (colon <= 0 || colon == target.Length - 1)
            return LinkTargetResult.Invalid($"'{target}' is not a link: write CONTAINER:DEV, SERVICE:DEV or SERVICE_N:DEV (e.g. h1:eth0)");
        var owner = target[..colon];
        var dev = target[(colon + 1)..];
        var onDev = links.Where(l => l.Dev == dev).ToList();

        if (onDev.FirstOrDefault(l => l.Owner == owner) is { } exact) return LinkTargetResult.Found(exact);

        var ofService = onDev.Where(l => l.Service == owner).ToList();
        if (ofService.Count == 1) return LinkTargetResult.Found(ofService[0]);
        if (ofService.Count > 1)
            return LinkTargetResult.Ambiguous($"{target}: service {owner} has {ofService.Count} replicas; name one as "
                + string.Join(" or ", ofService.OrderBy(l => l.Replica).Select(l => $"{owner}_{l.Replica}:{dev}")));

        var underscore = owner.LastIndexOf('_');
        if (underscore > 0 && int.TryParse(owner[(underscore + 1)..], out var replica)
            && onDev.FirstOrDefault(l => l.Service == owner[..underscore] && l.Replica == replica) is { } numbered)
            return LinkTargetResult.Found(numbered);

        var known = links.Where(l => l.Owner == owner || l.Service == owner).Select(l => l.Dev).Distinct().ToList();
        return LinkTargetResult.Missing(known.Count > 0
            ? $"{target}: {owner} has no link {dev} (it has {string.Join(", ", known)})"
            : $"{target}: no container or service {owner} has links (see conlink status)");
    }
}
