using Conlink.Config.Planning;

namespace Conlink.Actors.Control;

/// <summary>
/// A link named on the command line: <c>CONTAINER:DEV</c> with the container's name as
/// <c>conlink status</c> shows it, <c>SERVICE:DEV</c> when the service has one running replica,
/// or <c>SERVICE_N:DEV</c> for replica N. Resolution is a pure function of the running containers.
/// </summary>
public static class LinkTarget
{
    public sealed record Resolved(ContainerIdentity Container, string Dev);

    /// <summary>The container and dev <paramref name="target"/> names, or why it names none (said to the user).</summary>
    public static (Resolved? Target, string? Error) Resolve(string target, IEnumerable<ContainerIdentity> running)
    {
        var colon = target.LastIndexOf(':');
        if (colon <= 0 || colon == target.Length - 1)
            return (null, $"'{target}' is not a link: write CONTAINER:DEV (as 'conlink status' shows it), SERVICE:DEV or SERVICE_N:DEV");
        var name = target[..colon];
        var dev = target[(colon + 1)..];
        var containers = running.ToList();

        if (containers.FirstOrDefault(c => c.Name == name) is { } byName) return (new Resolved(byName, dev), null);

        var replicas = containers.Where(c => c.Service == name).ToList();
        if (replicas.Count == 1) return (new Resolved(replicas[0], dev), null);
        if (replicas.Count > 1)
            return (null, $"service {name} has {replicas.Count} replicas; name one: "
                + string.Join(", ", replicas.OrderBy(c => c.Index).Select(c => $"{c.Service}_{c.Index}:{dev}")));

        var underscore = name.LastIndexOf('_');
        if (underscore > 0 && int.TryParse(name[(underscore + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
        {
            var service = name[..underscore];
            if (containers.FirstOrDefault(c => c.Service == service && c.Index == index) is { } replica) return (new Resolved(replica, dev), null);
        }
        return (null, $"no running container with links is named {name}"
            + (containers.Count == 0 ? "" : $" (running: {string.Join(", ", containers.Select(c => c.Name).Order(StringComparer.Ordinal).Take(20))})"));
    }
}
