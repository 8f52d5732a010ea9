using System.Text;
using Conlink.Actors.Status;
using Conlink.Cli.Shell;

namespace Conlink.Cli.Status;

/// <summary>
/// A status snapshot as a table of links: who owns each, its state (with how long it has been
/// waiting when not ready), address, MAC, bridge or tunnel, and why it failed; then one summary line.
/// </summary>
internal static class StatusTable
{
    /// <param name="rates">Each link's rates between two reads of its counters; null: no RX/TX columns.</param>
    public static string Render(StatusTracker.Snapshot snapshot, DateTimeOffset now, Terminal terminal, IReadOnlyDictionary<string, LinkRates>? rates = null)
    {
        var text = new StringBuilder();
        if (snapshot.Links.Count > 0)
        {
            // RX/TX with rates, OVERRIDE only when a user changed a link, REASON only when a link has one: the usual table stays narrow.
            var overrides = snapshot.Links.Any(l => l.IsOverridden);
            var reasons = snapshot.Links.Any(l => Reason(l) is not null);
            string[] headers = ["CONTAINER", "LINK", "STATE", "IP", "MAC", "BRIDGE/TUNNEL", .. rates is null ? Array.Empty<string>() : ["RX", "TX"],
                .. overrides ? ["OVERRIDE"] : Array.Empty<string>(), .. reasons ? ["REASON"] : Array.Empty<string>()];
            var rows = snapshot.Links.Select(l => (string[])
            [
                l.Owner, l.Dev, StateText(l, now), l.Ip ?? "-", l.Mac ?? "-", l.Attachment ?? "-",
                .. rates is null ? Array.Empty<string>() : rates.TryGetValue(l.Id, out var r)
                    ? [LinkRates.Format(r.RxPps, r.RxBitsPerSecond), LinkRates.Format(r.TxPps, r.TxBitsPerSecond)]
                    : ["-", "-"],
                .. overrides ? [OverrideText(l)] : Array.Empty<string>(), .. reasons ? [Reason(l) ?? ""] : Array.Empty<string>(),
            ]).ToList();
            var widths = Enumerable.Range(0, headers.Length).Select(c => rows.Select(r => r[c].Length).Append(headers[c].Length).Max()).ToArray();
            text.AppendLine(Line(headers, widths, _ => s => s));
            for (var i = 0; i < rows.Count; i++)
            {
                var state = snapshot.Links[i].State;
                text.AppendLine(Line(rows[i], widths, column => column == 2 ? Colour(state, terminal) : s => s));
            }
        }
        text.AppendLine(Summary(snapshot));
        return text.ToString();
    }

    /// <summary>"5/6 ready, 1 failed", with what is still in progress and whether conlink has seen every container yet.</summary>
    public static string Summary(StatusTracker.Snapshot snapshot)
    {
        if (snapshot.Links.Count == 0)
            return snapshot.Synced ? "no links: no running container matches the configuration" : "no links yet: conlink is still listing running containers";
        var counts = snapshot.Links.GroupBy(l => l.State).ToDictionary(g => g.Key, g => g.Count());
        var parts = new List<string> { $"{counts.GetValueOrDefault(LinkState.Ready)}/{snapshot.Links.Count} ready" };
        foreach (var state in new[] { LinkState.Down, LinkState.Failed, LinkState.Creating, LinkState.Planned })
            if (counts.GetValueOrDefault(state) is var n and > 0) parts.Add($"{n} {Name(state)}{(state == LinkState.Down ? " (set by user)" : "")}");
        return string.Join(", ", parts) + (snapshot.Synced ? "" : " (conlink is still listing running containers)");
    }

    private static string StateText(LinkStatus link, DateTimeOffset now) => link.State switch
    {
        LinkState.Planned or LinkState.Creating => $"{Name(link.State)} {Age(now - link.Since)}",
        LinkState.Down => "down (set by user)",
        _ => Name(link.State),
    };

    /// <summary>The state already says why a link is down by the user.</summary>
    private static string? Reason(LinkStatus link) => link.State == LinkState.Down ? null : link.Reason;

    /// <summary>"as declared", or what the user changed and since when (UTC).</summary>
    private static string OverrideText(LinkStatus link)
    {
        if (!link.IsOverridden) return "as declared";
        var parts = new List<string>();
        if (link.UserDown) parts.Add("down by user");
        if (link.NetemOverride is { } netem) parts.Add($"netem {netem} (declared: {link.Netem ?? "none"})");
        var since = link.OverriddenSince is { } t ? $" since {t.UtcDateTime:HH:mm:ss}" : "";
        return string.Join("; ", parts) + since;
    }

    private static string Name(LinkState state) => state.ToString().ToLowerInvariant();

    private static string Age(TimeSpan age) => age.TotalSeconds switch
    {
        < 1 => "<1s",
        < 60 => $"{(int)age.TotalSeconds}s",
        < 3600 => $"{(int)age.TotalMinutes}m",
        _ => $"{(int)age.TotalHours}h",
    };

    private static Func<string, string> Colour(LinkState state, Terminal terminal) => state switch
    {
        LinkState.Ready => terminal.Green,
        LinkState.Failed => terminal.Red,
        _ => terminal.Yellow,
    };

    private static string Line(string[] cells, int[] widths, Func<int, Func<string, string>> paint) =>
        string.Join("  ", widths.Select((width, c) => paint(c)(c == widths.Length - 1 ? cells[c] : cells[c].PadRight(width)))).TrimEnd();
}
