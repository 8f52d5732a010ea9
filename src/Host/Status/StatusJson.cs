using System.Text.Json;
using Conlink.Actors.Status;

namespace Conlink.Host.Status;

/// <summary>The JSON form of a status snapshot, written by the status server and read by <c>conlink status</c>.</summary>
public static class StatusJson
{
    public static byte[] Write(StatusTracker.Snapshot snapshot)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteBoolean("synced", snapshot.Synced);
            json.WriteBoolean("allReady", snapshot.AllReady);
            json.WriteStartArray("links");
            foreach (var l in snapshot.Links)
            {
                json.WriteStartObject();
                json.WriteString("id", l.Id);
                json.WriteString("container", l.Owner);
                json.WriteString("dev", l.Dev);
                WriteOptional(json, "service", l.Service);
                if (l.Replica is { } replica) json.WriteNumber("replica", replica);
                WriteOptional(json, "type", l.Type);
                json.WriteString("state", l.State.ToString().ToLowerInvariant());
                WriteOptional(json, "reason", l.Reason);
                WriteOptional(json, "ip", l.Ip);
                WriteOptional(json, "mac", l.Mac);
                WriteOptional(json, "attachment", l.Attachment);
                json.WriteString("since", l.Since.UtcDateTime.ToString("O"));
                WriteOptional(json, "netem", l.Netem);
                if (l.UserDown) json.WriteBoolean("userDown", true);
                WriteOptional(json, "netemOverride", l.NetemOverride);
                if (l.OverriddenSince is { } overridden) json.WriteString("overriddenSince", overridden.UtcDateTime.ToString("O"));
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    public static StatusTracker.Snapshot Read(ReadOnlySpan<byte> utf8)
    {
        using var doc = JsonDocument.Parse(utf8.ToArray());
        var root = doc.RootElement;
        var links = root.GetProperty("links").EnumerateArray().Select(l => new LinkStatus(
            l.GetProperty("id").GetString()!,
            l.GetProperty("container").GetString()!,
            l.GetProperty("dev").GetString()!,
            Enum.Parse<LinkState>(l.GetProperty("state").GetString()!, ignoreCase: true),
            Optional(l, "reason"), Optional(l, "ip"), Optional(l, "mac"), Optional(l, "attachment"),
            l.GetProperty("since").GetDateTimeOffset())
        {
            Netem = Optional(l, "netem"),
            UserDown = l.TryGetProperty("userDown", out var down) && down.GetBoolean(),
            NetemOverride = Optional(l, "netemOverride"),
            OverriddenSince = l.TryGetProperty("overriddenSince", out var since) ? since.GetDateTimeOffset() : null,
            Service = Optional(l, "service"),
            Type = Optional(l, "type"),
            Replica = l.TryGetProperty("replica", out var replica) ? replica.GetInt32() : null,
        }).ToList();
        return new StatusTracker.Snapshot(links, root.GetProperty("synced").GetBoolean(), root.GetProperty("allReady").GetBoolean());
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null) json.WriteString(name, value);
    }

    private static string? Optional(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) ? value.GetString() : null;
}
