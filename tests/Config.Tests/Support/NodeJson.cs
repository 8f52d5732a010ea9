using System.Globalization;
using System.Text.Json.Nodes;
using Conlink.Config.Loading;

namespace Conlink.Config.Tests.Support;

/// <summary>Converts configuration nodes to JSON with their YAML types, to check them against the JSON Schema.</summary>
internal static class NodeJson
{
    public static JsonNode? From(ConfigNode node) => node switch
    {
        MappingNode mapping => new JsonObject(mapping.Entries.Select(e => KeyValuePair.Create(e.Key, From(e.Value)))),
        SequenceNode sequence => new JsonArray(sequence.Items.Select(From).ToArray()),
        ScalarNode scalar => scalar.Kind switch
        {
            ScalarKind.Null => null,
            ScalarKind.Boolean => JsonValue.Create(bool.Parse(scalar.Value)),
            ScalarKind.Integer => JsonValue.Create(scalar.AsInteger()),
            ScalarKind.Float => JsonValue.Create(double.Parse(scalar.Value, CultureInfo.InvariantCulture)),
            _ => JsonValue.Create(scalar.Value),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(node)),
    };
}
