using Conlink.Netlink.Links;

namespace Conlink.Kernel.Links;

/// <summary>
/// How conlink marks the outer ends it makes in the bridge namespace: an alias naming the link
/// (<c>conlink node_1:eth0</c>, shown by <c>ip link</c>). Only marked interfaces are ever swept, so
/// conlink's own Docker interfaces, which are veths too, are never taken for stale outer ends.
/// </summary>
internal static class OwnedInterface
{
    private const string Prefix = "conlink ";

    public static string Alias(string linkId) => Prefix + linkId;

    public static bool IsOwned(Link link) => link.Alias?.StartsWith(Prefix, StringComparison.Ordinal) == true;

    /// <summary>Whether <paramref name="link"/> is marked as the outer end of link <paramref name="linkId"/> (and may be replaced or removed for it).</summary>
    public static bool IsOwnedBy(Link link, string linkId) => link.Alias == Alias(linkId);

    /// <summary>How an interface that is in a link's way is named in its error: its kind and whose it is.</summary>
    public static string Describe(Link link) =>
        $"a {link.Kind ?? "device"}" + (IsOwned(link) ? $" marked as {link.Alias![Prefix.Length..]}'s" : " that conlink did not make");
}
