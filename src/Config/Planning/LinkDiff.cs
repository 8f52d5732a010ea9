using Conlink.Config.Model;

namespace Conlink.Config.Planning;

/// <summary>How one link of a running container differs between two plans.</summary>
public enum LinkChangeKind
{
    Unchanged,
    /// <summary>Only what the kernel changes on a live link: address, MTU, routes, netem (and a veth's or dummy's MAC).</summary>
    InPlace,
    /// <summary>Anything else (type, bridge, MAC, names, mode, VLAN, NAT, forwards, ethtool): the link is removed and made again.</summary>
    Remake,
}

/// <summary>One link's change, with the fields that differ (for the log and --dry-run).</summary>
public sealed record LinkDiff(LinkPlan? Old, LinkPlan? New, LinkChangeKind Kind, IReadOnlyList<string> Fields)
{
    public string Id => (New ?? Old)!.Id;

    public bool IsAdded => Old is null;

    public bool IsRemoved => New is null;

    /// <summary>Compares two plans of the same link (same id), pure.</summary>
    public static LinkDiff Compare(LinkPlan old, LinkPlan @new)
    {
        var inPlace = new List<string>();
        // A veth or dummy takes a new MAC while up; other kinds are re-made for it.
        var macInPlace = old.Type is LinkType.Veth or LinkType.Dummy && old.Type == @new.Type;
        if (macInPlace && !Equals(old.Mac, @new.Mac)) inPlace.Add($"mac {Mac(old)} -> {Mac(@new)}");
        if (!old.Ips.SequenceEqual(@new.Ips)) inPlace.Add($"ip {Ips(old)} -> {Ips(@new)}");
        if (old.Mtu != @new.Mtu) inPlace.Add($"mtu {old.Mtu?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "default"} -> {@new.Mtu?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "default"}");
        if (!old.Route.Select(r => r.Text).SequenceEqual(@new.Route.Select(r => r.Text))) inPlace.Add("route");
        if (old.Netem?.Text != @new.Netem?.Text) inPlace.Add($"netem {old.Netem?.Text ?? "none"} -> {@new.Netem?.Text ?? "none"}");

        var remake = new List<string>();
        if (old.Type != @new.Type) remake.Add("type");
        if (old.Base != @new.Base) remake.Add("base");
        if (old.OuterDev != @new.OuterDev) remake.Add("outer-dev");
        if (!Equals(old.Bridge, @new.Bridge)) remake.Add("bridge");
        if (!macInPlace && !Equals(old.Mac, @new.Mac)) remake.Add("mac");
        if (!Equals(old.Nat, @new.Nat)) remake.Add("nat");
        if (old.Mode?.Text != @new.Mode?.Text) remake.Add("mode");
        if (old.VlanId != @new.VlanId) remake.Add("vlanid");
        if (!old.Forward.SequenceEqual(@new.Forward) || ForwardTargetsDiffer(old, @new)) remake.Add("forward");
        if (!old.Ethtool.SequenceEqual(@new.Ethtool)) remake.Add("ethtool");

        var kind = remake.Count > 0 ? LinkChangeKind.Remake : inPlace.Count > 0 ? LinkChangeKind.InPlace : LinkChangeKind.Unchanged;
        return new LinkDiff(old, @new, kind, [.. remake, .. inPlace]);
    }

    /// <summary>
    /// The forward rules DNAT to the first address of each family forwarded over: a change of those
    /// families, or of such an address, needs new rules even when the forwards read the same.
    /// </summary>
    private static bool ForwardTargetsDiffer(LinkPlan old, LinkPlan @new) =>
        @new.Forward.Count > 0
        && (!old.ForwardOver.SequenceEqual(@new.ForwardOver) || @new.ForwardOver.Any(f => !Equals(old.PrimaryIp(f), @new.PrimaryIp(f))));

    private static string Mac(LinkPlan link) => link.Mac is { } mac ? MacAddresses.Format(mac) : "none";

    public override string ToString() => IsAdded ? $"+ {Id}" : IsRemoved ? $"- {Id}"
        : $"~ {Id} {(Kind == LinkChangeKind.Remake ? "re-made" : "in place")}: {string.Join(", ", Fields)}";

    private static string Ips(LinkPlan plan) => plan.Ips.Count > 0 ? string.Join(',', plan.Ips) : "none";
}
