using System.Text;
using Conlink.Config.Loading;

namespace Conlink.Config.Tests.Support;

/// <summary>Builds and renders configuration nodes for stage tests.</summary>
internal static class Nodes
{
    public static ConfigNode Parse(string yaml, string file = "test.yaml")
    {
        var errors = new List<ConfigError>();
        var node = YamlReader.Read(file, yaml, errors);
        Assert.Empty(errors);
        return Assert.IsAssignableFrom<ConfigNode>(node);
    }

    public static MappingNode Mapping(string yaml, string file = "test.yaml") => Assert.IsType<MappingNode>(Parse(yaml, file));

    /// <summary>A canonical text of a node's values, to compare trees structurally.</summary>
    public static string Render(ConfigNode? node)
    {
        var text = new StringBuilder();
        Render(node, text);
        return text.ToString();
    }

    private static void Render(ConfigNode? node, StringBuilder text)
    {
        switch (node)
        {
            case null:
                text.Append("<none>");
                break;
            case ScalarNode scalar:
                text.Append(scalar.IsPlain ? scalar.Value : $"'{scalar.Value}'");
                break;
            case SequenceNode sequence:
                text.Append('[');
                foreach (var item in sequence.Items) { Render(item, text); text.Append(','); }
                text.Append(']');
                break;
            case MappingNode mapping:
                text.Append('{');
                foreach (var entry in mapping.Entries) { text.Append(entry.Key).Append(':'); Render(entry.Value, text); text.Append(','); }
                text.Append('}');
                break;
        }
    }
}
