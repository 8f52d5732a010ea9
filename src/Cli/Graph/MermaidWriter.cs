using System.Text;

namespace Conlink.Cli.Graph;

/// <summary>Writes a <see cref="TopologyGraph"/> as a Mermaid flowchart (renders in GitHub markdown).</summary>
public static class MermaidWriter
{
    public static string Write(TopologyGraph graph)
    {
        var ids = graph.Nodes.Select((n, i) => (n.Id, Short: $"n{i}")).ToDictionary(p => p.Id, p => p.Short);
        var text = new StringBuilder();
        text.AppendLine("flowchart LR");
        foreach (var node in graph.Nodes)
        {
            var label = string.Join("<br/>", new[] { node.Label }.Concat(node.Details).Select(Escape));
            var (open, close) = node.Kind switch
            {
                NodeKind.Bridge => ("((", "))"),
                NodeKind.Tunnel => ("{{", "}}"),
                NodeKind.ClusterSpan => ("(((", ")))"),
                NodeKind.HostInterface => ("[/", "/]"),
                NodeKind.Service => ("[[", "]]"),
                _ => ("[", "]"),
            };
            text.AppendLine($"  {ids[node.Id]}{open}\"{label}\"{close}");
        }
        foreach (var edge in graph.Edges)
            text.AppendLine($"  {ids[edge.From]} ---|\"{string.Join("<br/>", edge.Label.Select(Escape))}\"| {ids[edge.To]}");
        return text.ToString();
    }

    // Mermaid entity codes: a quote would end the label, and < > & would be read as HTML.
    private static string Escape(string text) => text
        .Replace("&", "#amp;", StringComparison.Ordinal)
        .Replace("\"", "#quot;", StringComparison.Ordinal)
        .Replace("<", "#lt;", StringComparison.Ordinal)
        .Replace(">", "#gt;", StringComparison.Ordinal);
}
