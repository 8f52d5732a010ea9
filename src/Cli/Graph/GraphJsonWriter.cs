using System.Text.Json;

namespace Conlink.Cli.Graph;

/// <summary>Writes a <see cref="TopologyGraph"/> as JSON: <c>{nodes:[{id,label,kind,details}], edges:[{from,to,label}]}</c>.</summary>
public static class GraphJsonWriter
{
    public static string Write(TopologyGraph graph)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartArray("nodes");
            foreach (var node in graph.Nodes)
            {
                json.WriteStartObject();
                json.WriteString("id", node.Id);
                json.WriteString("label", node.Label);
                json.WriteString("kind", JsonNamingPolicy.KebabCaseLower.ConvertName(node.Kind.ToString()));
                WriteStrings(json, "details", node.Details);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("edges");
            foreach (var edge in graph.Edges)
            {
                json.WriteStartObject();
                json.WriteString("from", edge.From);
                json.WriteString("to", edge.To);
                WriteStrings(json, "label", edge.Label);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IReadOnlyList<string> values)
    {
        json.WriteStartArray(name);
        foreach (var v in values) json.WriteStringValue(v);
        json.WriteEndArray();
    }
}
