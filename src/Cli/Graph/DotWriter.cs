using System.Text;

namespace Conlink.Cli.Graph;

/// <summary>Writes a <see cref="TopologyGraph"/> as GraphViz DOT (render with <c>dot -Tsvg</c>).</summary>
public static class DotWriter
{
    public static string Write(TopologyGraph graph)
    {
        var dot = new StringBuilder();
        dot.AppendLine("graph conlink {");
        dot.AppendLine("  graph [rankdir=LR, fontname=\"Helvetica\"];");
        dot.AppendLine("  node [fontname=\"Helvetica\", fontsize=11];");
        dot.AppendLine("  edge [fontname=\"Helvetica\", fontsize=9];");
        foreach (var node in graph.Nodes)
        {
            var label = string.Join("\\n", new[] { node.Label }.Concat(node.Details).Select(Escape));
            dot.AppendLine($"  {Quote(node.Id)} [label=\"{label}\", {Style(node.Kind)}];");
        }
        foreach (var edge in graph.Edges)
            dot.AppendLine($"  {Quote(edge.From)} -- {Quote(edge.To)} [label=\"{string.Join("\\n", edge.Label.Select(Escape))}\"];");
        dot.AppendLine("}");
        return dot.ToString();
    }

    private static string Style(NodeKind kind) => kind switch
    {
        NodeKind.Service => "shape=box3d, style=filled, fillcolor=\"#dbe9f6\"",
        NodeKind.Container => "shape=box, style=filled, fillcolor=\"#dbe9f6\"",
        NodeKind.Bridge => "shape=ellipse, style=filled, fillcolor=\"#fde9c8\"",
        NodeKind.Tunnel => "shape=hexagon, style=filled, fillcolor=\"#e4d7f5\"",
        NodeKind.ClusterSpan => "shape=doublecircle, style=\"filled,dashed\", fillcolor=\"#d7f5e4\"",
        _ => "shape=component, style=filled, fillcolor=\"#e0e0e0\"",
    };

    private static string Quote(string id) => "\"" + Escape(id) + "\"";

    private static string Escape(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
