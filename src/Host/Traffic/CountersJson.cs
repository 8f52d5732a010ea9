using System.Text.Json;

namespace Conlink.Host.Traffic;

/// <summary>
/// The JSON of <c>GET /counters</c>: the time of the read and, per link, its id, owner, device,
/// state and counter totals (absent when the link is not in the kernel). <c>conlink status</c> reads
/// two of them to show rates.
/// </summary>
public static class CountersJson
{
    public static byte[] Write(TrafficSnapshot snapshot)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("time", snapshot.Time.UtcDateTime.ToString("O"));
            json.WriteStartArray("links");
            foreach (var r in snapshot.Links)
            {
                json.WriteStartObject();
                json.WriteString("id", r.Link.Id);
                json.WriteString("container", r.Link.Owner);
                json.WriteString("dev", r.Link.Dev);
                json.WriteString("state", r.Link.State.ToString().ToLowerInvariant());
                json.WriteBoolean("running", r.Running);
                if (r.Totals is { } t)
                {
                    json.WriteNumber("rxBytes", t.RxBytes);
                    json.WriteNumber("rxPackets", t.RxPackets);
                    json.WriteNumber("rxErrors", t.RxErrors);
                    json.WriteNumber("rxDropped", t.RxDropped);
                    json.WriteNumber("txBytes", t.TxBytes);
                    json.WriteNumber("txPackets", t.TxPackets);
                    json.WriteNumber("txErrors", t.TxErrors);
                    json.WriteNumber("txDropped", t.TxDropped);
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>Reads what <see cref="Write"/> wrote: the time and each link's totals by id (null where the kernel had none).</summary>
    public static (DateTimeOffset Time, IReadOnlyDictionary<string, LinkTotals?> Links) Read(ReadOnlySpan<byte> utf8)
    {
        using var doc = JsonDocument.Parse(utf8.ToArray());
        var root = doc.RootElement;
        var links = new Dictionary<string, LinkTotals?>(StringComparer.Ordinal);
        foreach (var l in root.GetProperty("links").EnumerateArray())
        {
            links[l.GetProperty("id").GetString()!] = l.TryGetProperty("rxBytes", out _)
                ? new LinkTotals(
                    U(l, "rxBytes"), U(l, "rxPackets"), U(l, "rxErrors"), U(l, "rxDropped"),
                    U(l, "txBytes"), U(l, "txPackets"), U(l, "txErrors"), U(l, "txDropped"))
                : null;
        }
        return (root.GetProperty("time").GetDateTimeOffset(), links);
    }

    private static ulong U(JsonElement e, string name) => e.GetProperty(name).GetUInt64();
}
