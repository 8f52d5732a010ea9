using System.Text;
using System.Text.Json;

namespace Conlink.Cli.Status;

/// <summary>
/// The cluster part of <c>conlink status</c>: the members with their state and, per spanned bridge,
/// the members that hold it; with <c>--cluster</c>, each member's links as it reports them.
/// </summary>
internal static class ClusterTable
{
    /// <summary>The <c>cluster</c> section of a status document; empty when conlink is not in cluster mode.</summary>
    public static string RenderSection(byte[] statusDocument)
    {
        using var doc = JsonDocument.Parse(statusDocument);
        if (!doc.RootElement.TryGetProperty("cluster", out var cluster)) return "";
        var text = new StringBuilder();
        var joined = cluster.GetProperty("joined").GetBoolean();
        text.Append("\ncluster: ").Append(cluster.GetProperty("self").GetString())
            .Append(joined ? " (joined" : " (not joined").Append(cluster.GetProperty("authenticated").GetBoolean() ? ", mutual TLS)" : ", unauthenticated)").Append('\n');
        var members = cluster.GetProperty("members").EnumerateArray().ToList();
        var width = members.Select(m => m.GetProperty("address").GetString()!.Length).DefaultIfEmpty(6).Max();
        text.Append("  ").Append("MEMBER".PadRight(width)).Append("  STATE        SPANS\n");
        foreach (var m in members)
        {
            var spans = string.Join(",", m.GetProperty("spans").EnumerateArray().Select(s => s.GetString()));
            text.Append("  ").Append(m.GetProperty("address").GetString()!.PadRight(width)).Append("  ")
                .Append((m.GetProperty("state").GetString()! + (m.GetProperty("self").GetBoolean() ? " (self)" : "")).PadRight(11)).Append("  ")
                .Append(spans.Length == 0 ? "-" : spans).Append('\n');
        }
        foreach (var span in cluster.GetProperty("spans").EnumerateArray())
        {
            var holders = span.GetProperty("members").EnumerateArray().Select(h => h.GetString()).ToList();
            var flood = span.GetProperty("flood").EnumerateArray().Select(f => f.GetString()).ToList();
            text.Append("  spanned bridge ").Append(span.GetProperty("bridge").GetString()).Append(" (vni ").Append(span.GetProperty("vni").GetInt32())
                .Append("): held by ").Append(holders.Count == 0 ? "no member" : string.Join(", ", holders))
                .Append("; floods to ").Append(flood.Count == 0 ? "nobody" : string.Join(", ", flood)).Append('\n');
        }
        return text.ToString();
    }

    /// <summary><c>GET /cluster</c>: each member's links, one line each.</summary>
    public static string RenderMembers(byte[] clusterDocument)
    {
        using var doc = JsonDocument.Parse(clusterDocument);
        var text = new StringBuilder();
        foreach (var member in doc.RootElement.GetProperty("members").EnumerateArray())
        {
            text.Append("\nmember ").Append(member.GetProperty("member").GetString()).Append(":\n");
            var status = member.GetProperty("status");
            if (status.TryGetProperty("error", out var error))
            {
                text.Append("  ").Append(error.GetString()).Append('\n');
                continue;
            }
            var links = status.GetProperty("links").EnumerateArray().ToList();
            var ready = links.Count(l => l.GetProperty("state").GetString() == "ready");
            text.Append("  ").Append(ready).Append('/').Append(links.Count).Append(" links ready\n");
            foreach (var link in links)
            {
                text.Append("  ").Append(link.GetProperty("id").GetString()).Append(' ').Append(link.GetProperty("state").GetString());
                if (link.TryGetProperty("ip", out var ip)) text.Append(' ').Append(ip.GetString());
                if (link.TryGetProperty("attachment", out var attachment)) text.Append(" on ").Append(attachment.GetString());
                if (link.TryGetProperty("reason", out var reason)) text.Append(": ").Append(reason.GetString());
                text.Append('\n');
            }
        }
        return text.ToString();
    }
}
