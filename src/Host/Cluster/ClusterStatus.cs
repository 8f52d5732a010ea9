using System.Text;
using System.Text.Json;
using Conlink.Actors.Ports;
using Conlink.Cluster;
using Conlink.Host.Status;

namespace Conlink.Host.Cluster;

/// <summary>
/// The <c>cluster</c> section of <c>conlink status</c> (members with their state; per spanned bridge,
/// the members that hold it) and <c>GET /cluster</c> (every member's own status, fetched through the
/// cluster, for <c>conlink status --cluster</c>).
/// </summary>
public sealed class ClusterStatus(ClusterNode node) : IStatusSection
{
    private static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(5);

    public string Section => "cluster";

    /// <summary>How many members are in each state (up, unreachable, leaving, ...), for metrics.</summary>
    public static IReadOnlyDictionary<string, int> CountByState(ClusterView view) =>
        view.Members.GroupBy(m => m.State).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    public void WriteSection(Utf8JsonWriter json) => Write(json, node.Address, node.Authenticated, node.View, node.Spans);

    public static void Write(Utf8JsonWriter json, string self, bool authenticated, ClusterView view, IReadOnlyDictionary<string, int> spans)
    {
        json.WriteStartObject();
        json.WriteString("self", self);
        json.WriteBoolean("joined", view.Joined);
        json.WriteBoolean("authenticated", authenticated);
        json.WriteStartArray("members");
        foreach (var m in view.Members)
        {
            json.WriteStartObject();
            json.WriteString("address", m.Address);
            json.WriteString("state", m.State);
            json.WriteBoolean("self", m.IsSelf);
            json.WriteStartArray("spans");
            foreach (var bridge in m.Spans.Keys.Order(StringComparer.Ordinal)) json.WriteStringValue(bridge);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("spans");
        foreach (var (bridge, vni) in spans.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            json.WriteStartObject();
            json.WriteString("bridge", bridge);
            json.WriteNumber("vni", vni);
            json.WriteStartArray("members");
            foreach (var m in view.Members.Where(m => m.Spans.TryGetValue(bridge, out var theirs) && theirs == vni)) json.WriteStringValue(m.Address);
            json.WriteEndArray();
            json.WriteStartArray("flood");
            foreach (var peer in view.FloodPeers(bridge, vni).Select(p => p.ToString()).Order(StringComparer.Ordinal)) json.WriteStringValue(peer);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>The JSON of <c>GET /cluster</c>: each member's address and its own status document.</summary>
    public async Task<byte[]> SummariesAsync(CancellationToken ct)
    {
        var replies = await node.SummariesAsync(FetchTimeout).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartArray("members");
            foreach (var reply in replies.OrderBy(r => r.Member, StringComparer.Ordinal))
            {
                json.WriteStartObject();
                json.WriteString("member", reply.Member);
                json.WritePropertyName("status");
                try
                {
                    using var doc = JsonDocument.Parse(reply.StatusJson);
                    doc.RootElement.WriteTo(json);
                }
                catch (JsonException)
                {
                    json.WriteStartObject();
                    json.WriteString("error", "the member's answer is not JSON");
                    json.WriteEndObject();
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>This member's status JSON for the others, as UTF-8 text.</summary>
    internal static string Text(byte[] utf8) => Encoding.UTF8.GetString(utf8);
}
