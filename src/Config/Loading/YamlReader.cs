using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Conlink.Config.Loading;

/// <summary>
/// Reads one YAML (or JSON, which parses as YAML) document into <see cref="ConfigNode"/>s that
/// carry their file, line, column and path. Anchors, aliases and <c>&lt;&lt;</c> merge keys are
/// resolved; problems are collected as <see cref="ConfigError"/>s rather than thrown.
/// </summary>
internal sealed class YamlReader
{
    private const int MaxDepth = 100;
    private const long MaxNodes = 1_000_000;
    private const string MergeKey = "<<";

    private readonly string _file;
    private readonly List<ConfigError> _errors = [];
    private readonly Dictionary<string, (ConfigNode Node, long Size)> _anchors = [];
    private long _nodeCount;

    private YamlReader(string file) => _file = file;

    /// <summary>The document's root, or null for an empty document; <paramref name="errors"/> receives every problem.</summary>
    public static ConfigNode? Read(string file, string text, ICollection<ConfigError> errors)
    {
        var reader = new YamlReader(file);
        var root = reader.ReadStream(new Parser(new StringReader(text)));
        foreach (var error in reader._errors) errors.Add(error);
        return reader._errors.Count == 0 ? root : null;
    }

    private ConfigNode? ReadStream(IParser parser)
    {
        try
        {
            parser.Consume<StreamStart>();
            if (parser.TryConsume<StreamEnd>(out _)) return null;
            parser.Consume<DocumentStart>();
            var root = ReadNode(parser, new NodeLocation(_file, 1, 1, ""), 0);
            parser.Consume<DocumentEnd>();
            if (parser.Accept<DocumentStart>(out var extra))
                _errors.Add(At(extra.Start, "").Error("only one YAML document per file is supported"));
            return root is ScalarNode { Kind: ScalarKind.Null } ? null : root;
        }
        catch (YamlException e)
        {
            _errors.Add(At(e.Start, "").Error(TrimPosition(e.Message)));
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException || e.GetType() == typeof(Exception))
        {
            // YamlDotNet throws these instead of a YamlException on some malformed input (bad tags, scanner states).
            _errors.Add(At(parser.Current?.Start ?? Mark.Empty, "").Error("invalid YAML (the parser gave up here)"));
            return null;
        }
        catch (DocumentTooLargeException)
        {
            _errors.Add(new ConfigError(_file, 0, 0, "", $"document is too large (more than {MaxNodes} values after expanding aliases)"));
            return null;
        }
    }

    private ConfigNode ReadNode(IParser parser, NodeLocation parent, int depth)
    {
        if (parser.TryConsume<AnchorAlias>(out var alias)) return ResolveAlias(alias, parent);

        if (!parser.Accept<NodeEvent>(out var start)) throw new SemanticErrorException(parser.Current?.Start ?? Mark.Empty, parser.Current?.End ?? Mark.Empty, "expected a value");
        var location = At(start.Start, parent.Path);
        if (depth > MaxDepth)
        {
            _errors.Add(location.Error($"values are nested deeper than {MaxDepth} levels"));
            parser.SkipThisAndNestedEvents();
            return new ScalarNode("", true, location);
        }

        var countBefore = _nodeCount;
        CountNodes(1);
        ConfigNode node = start switch
        {
            Scalar scalar => ReadScalar(parser, scalar, location),
            SequenceStart => ReadSequence(parser, location, depth),
            MappingStart => ReadMapping(parser, location, depth),
            _ => throw new SemanticErrorException(start.Start, start.End, "expected a value"),
        };
        if (!start.Anchor.IsEmpty) _anchors[start.Anchor.Value] = (node, _nodeCount - countBefore);
        return node;
    }

    private static ScalarNode ReadScalar(IParser parser, Scalar scalar, NodeLocation location)
    {
        parser.MoveNext();
        var explicitString = scalar.Tag.IsNonSpecific || scalar.Tag == "tag:yaml.org,2002:str";
        return new ScalarNode(scalar.Value, scalar.Style == ScalarStyle.Plain && !explicitString, location);
    }

    private SequenceNode ReadSequence(IParser parser, NodeLocation location, int depth)
    {
        parser.Consume<SequenceStart>();
        var items = new List<ConfigNode>();
        while (!parser.TryConsume<SequenceEnd>(out _))
            items.Add(ReadNode(parser, location.Item(items.Count), depth + 1));
        return new SequenceNode(items, location);
    }

    private MappingNode ReadMapping(IParser parser, NodeLocation location, int depth)
    {
        parser.Consume<MappingStart>();
        var entries = new List<MappingEntry>();
        var merged = new List<MappingEntry>();
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var keyStart = parser.Current!.Start;
            var keyNode = ReadNode(parser, location, depth + 1);
            if (keyNode is not ScalarNode { } key)
            {
                _errors.Add(At(keyStart, location.Path).Error("mapping keys must be strings"));
                ReadNode(parser, location, depth + 1);
                continue;
            }
            var keyLocation = At(keyStart, location.Path).Child(key.Value);
            var value = ReadNode(parser, keyLocation, depth + 1);
            if (key.IsPlain && key.Value == MergeKey)
                AddMergeSources(value, merged);
            else if (entries.Any(e => e.Key == key.Value))
                _errors.Add(keyLocation.Error($"duplicate key '{key.Value}'"));
            else
                entries.Add(new MappingEntry(key.Value, keyLocation, value));
        }
        // Explicit keys win over merged ones; among merged mappings the first one wins.
        foreach (var entry in merged)
            if (!entries.Any(e => e.Key == entry.Key)) entries.Add(entry);
        return new MappingNode(entries, location);
    }

    private void AddMergeSources(ConfigNode value, List<MappingEntry> merged)
    {
        var sources = value is SequenceNode sequence ? sequence.Items : [value];
        foreach (var source in sources)
        {
            if (source is not MappingNode mapping)
            {
                _errors.Add(source.Location.Error("a '<<' merge key needs a mapping or a list of mappings"));
                continue;
            }
            foreach (var entry in mapping.Entries)
                if (!merged.Any(e => e.Key == entry.Key)) merged.Add(entry);
        }
    }

    private ConfigNode ResolveAlias(AnchorAlias alias, NodeLocation parent)
    {
        if (_anchors.TryGetValue(alias.Value.Value, out var anchored))
        {
            CountNodes(anchored.Size);
            return anchored.Node;
        }
        var location = At(alias.Start, parent.Path);
        _errors.Add(location.Error($"unknown alias '*{alias.Value.Value}'"));
        return new ScalarNode("", true, location);
    }

    private void CountNodes(long count)
    {
        _nodeCount += count;
        if (_nodeCount > MaxNodes) throw new DocumentTooLargeException();
    }

    private NodeLocation At(Mark mark, string path) =>
        new(_file, (int)Math.Max(mark.Line, 1), (int)Math.Max(mark.Column, 1), path);

    // YamlDotNet repeats the position in some messages; ours is printed in front already.
    private static string TrimPosition(string message)
    {
        var at = message.IndexOf(" (Line:", StringComparison.Ordinal);
        var text = at >= 0 ? message[..at] : message;
        return text.Length > 0 ? char.ToLowerInvariant(text[0]) + text[1..].TrimEnd('.') : "invalid YAML";
    }

    private sealed class DocumentTooLargeException : Exception;
}
