using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Conlink.Config.Loading;

/// <summary>
/// Reads one YAML (or JSON, which parses as YAML) document into <see cref="ConfigNode"/>s that
/// carry their file, line, column and path. Anchors, aliases and <c>&lt;&lt;</c> merge keys are
/// resolved; problems are collected as <see cref="ConfigError"/>s rather than thrown. The cost is
/// linear in the text: keys are checked for duplicates through a set, and reading stops at the
/// first value nested deeper than <see cref="MaxDepth"/> or past <see cref="MaxNodes"/> values,
/// since skipping the rest of a deep nest would cost the parser time quadratic in its depth.
/// </summary>
internal sealed class YamlReader
{
    public const int MaxDepth = 100;
    public const long MaxNodes = 500_000;
    private const string MergeKey = "<<";

    private readonly string _file;
    private readonly string _text;
    private readonly List<ConfigError> _errors = [];
    private readonly Dictionary<string, (ConfigNode Node, long Size)> _anchors = [];
    private long _nodeCount;
    private bool _expandedAlias;

    private YamlReader(string file, string text) => (_file, _text) = (file, text);

    /// <summary>The document's root, or null for an empty document; <paramref name="errors"/> receives every problem.</summary>
    public static ConfigNode? Read(string file, string text, ICollection<ConfigError> errors)
    {
        var reader = new YamlReader(file, text);
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
            var root = ReadNode(parser, Step.Root, 0);
            parser.Consume<DocumentEnd>();
            if (parser.Accept<DocumentStart>(out var extra))
                _errors.Add(At(extra.Start, Step.Root).Error("only one YAML document per file is supported"));
            return root is ScalarNode { Kind: ScalarKind.Null } ? null : root;
        }
        catch (StopReadingException stop)
        {
            _errors.Add(stop.Error);
            return null;
        }
        catch (YamlException e) when (e.Message.Contains(" tab ", StringComparison.Ordinal) && IndentingTab(e.Start) is var (line, column))
        {
            // YamlDotNet reports a tab at the end of the value before it, or at the mapping it breaks.
            _errors.Add(new NodeLocation(_file, line, column, "").Error("a tab in indentation: YAML indents with spaces only"));
            return null;
        }
        catch (YamlException e)
        {
            _errors.Add(At(e.Start, Step.Root).Error(TrimPosition(e.Message)));
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException || e.GetType() == typeof(Exception))
        {
            // YamlDotNet throws these instead of a YamlException on some malformed input (bad tags, scanner states).
            _errors.Add(At(parser.Current?.Start ?? Mark.Empty, Step.Root).Error("invalid YAML (the parser gave up here)"));
            return null;
        }
    }

    // Where a value sits in its parent: the parent's location and the key or index that leads to it.
    private readonly record struct Step(NodeLocation? Parent, string? Key = null, int Index = -1)
    {
        public static readonly Step Root = new(null);
    }

    private ConfigNode ReadNode(IParser parser, Step step, int depth)
    {
        if (parser.TryConsume<AnchorAlias>(out var alias)) return ResolveAlias(alias, step);

        if (!parser.Accept<NodeEvent>(out var start)) throw new SemanticErrorException(parser.Current?.Start ?? Mark.Empty, parser.Current?.End ?? Mark.Empty, "expected a value");
        var location = At(start.Start, step);
        if (depth > MaxDepth)
            throw new StopReadingException(location.Error($"values are nested deeper than {MaxDepth} levels"));

        var countBefore = _nodeCount;
        CountNodes(1, location);
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
        return new ScalarNode(scalar.Value, IsPlain(scalar), location);
    }

    private static bool IsPlain(Scalar scalar) =>
        scalar.Style == ScalarStyle.Plain && !(scalar.Tag.IsNonSpecific || scalar.Tag == "tag:yaml.org,2002:str");

    private SequenceNode ReadSequence(IParser parser, NodeLocation location, int depth)
    {
        parser.Consume<SequenceStart>();
        var items = new List<ConfigNode>();
        while (!parser.TryConsume<SequenceEnd>(out _))
            items.Add(ReadNode(parser, new Step(location, Index: items.Count), depth + 1));
        return new SequenceNode(items, location);
    }

    private MappingNode ReadMapping(IParser parser, NodeLocation location, int depth)
    {
        parser.Consume<MappingStart>();
        var entries = new List<MappingEntry>();
        // Small mappings (nearly all of them) find a duplicate by scanning; a set takes over past a few keys.
        HashSet<string>? keys = null;
        List<MappingEntry>? merged = null;
        HashSet<string>? mergedKeys = null;
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var keyStart = parser.Current!.Start;
            if (ReadKey(parser, location, depth) is not var (key, isPlain))
            {
                _errors.Add(At(keyStart, new Step(location)).Error("mapping keys must be strings"));
                ReadNode(parser, new Step(location), depth + 1);
                continue;
            }
            var keyLocation = At(keyStart, new Step(location, key));
            var value = ReadNode(parser, new Step(location, key), depth + 1);
            if (isPlain && key == MergeKey)
                AddMergeSources(value, merged ??= [], mergedKeys ??= new HashSet<string>(StringComparer.Ordinal));
            else if (!AddKey(entries, ref keys, key))
                _errors.Add(keyLocation.Error($"duplicate key '{key}'"));
            else
                entries.Add(new MappingEntry(key, keyLocation, value));
        }
        // Explicit keys win over merged ones; among merged mappings the first one wins.
        if (merged is not null)
            foreach (var entry in merged)
                if (!HasKey(entries, keys, entry.Key)) entries.Add(entry);
        return new MappingNode(entries, location);
    }

    private const int ScannedKeys = 8;

    /// <summary>Whether <paramref name="key"/> is new among <paramref name="entries"/>' keys (it is then recorded in <paramref name="keys"/> once that set exists).</summary>
    private static bool AddKey(List<MappingEntry> entries, ref HashSet<string>? keys, string key)
    {
        if (keys is not null) return keys.Add(key);
        if (HasKey(entries, null, key)) return false;
        if (entries.Count + 1 >= ScannedKeys)
        {
            keys = new HashSet<string>(entries.Count * 2, StringComparer.Ordinal);
            foreach (var entry in entries) keys.Add(entry.Key);
            keys.Add(key);
        }
        return true;
    }

    private static bool HasKey(List<MappingEntry> entries, HashSet<string>? keys, string key)
    {
        if (keys is not null) return keys.Contains(key);
        foreach (var entry in entries)
            if (string.Equals(entry.Key, key, StringComparison.Ordinal)) return true;
        return false;
    }

    /// <summary>A key's text and whether it is plain; null when the key is not a scalar.</summary>
    private (string Key, bool IsPlain)? ReadKey(IParser parser, NodeLocation mapping, int depth)
    {
        // The common case, a scalar with no anchor, is read without building a node for it.
        if (parser.Accept<Scalar>(out var scalar) && scalar.Anchor.IsEmpty && depth < MaxDepth)
        {
            CountNodes(1, mapping);
            parser.MoveNext();
            return (scalar.Value, IsPlain(scalar));
        }
        return ReadNode(parser, new Step(mapping), depth + 1) is ScalarNode key ? (key.Value, key.IsPlain) : null;
    }

    private void AddMergeSources(ConfigNode value, List<MappingEntry> merged, HashSet<string> mergedKeys)
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
                if (mergedKeys.Add(entry.Key)) merged.Add(entry);
        }
    }

    private ConfigNode ResolveAlias(AnchorAlias alias, Step step)
    {
        var location = At(alias.Start, step);
        if (_anchors.TryGetValue(alias.Value.Value, out var anchored))
        {
            _expandedAlias = true;
            CountNodes(anchored.Size, location);
            return anchored.Node;
        }
        _errors.Add(location.Error($"unknown alias '*{alias.Value.Value}'"));
        return new ScalarNode("", true, location);
    }

    private void CountNodes(long count, NodeLocation location)
    {
        _nodeCount += count;
        if (_nodeCount <= MaxNodes) return;
        var aliases = _expandedAlias ? ", counting each alias as a copy of what it names" : "";
        throw new StopReadingException(location.Error($"document is too large: more than {MaxNodes} values{aliases}"));
    }

    private NodeLocation At(Mark mark, Step step)
    {
        var (line, column) = ((int)Math.Max(mark.Line, 1), (int)Math.Max(mark.Column, 1));
        return step.Parent is { } parent ? parent.Below(line, column, step.Key, step.Index) : new NodeLocation(_file, line, column, "");
    }

    /// <summary>Line and column of the first tab in the leading white space of a line from the mark's line on.</summary>
    private (int Line, int Column)? IndentingTab(Mark mark)
    {
        var line = 1;
        var lineStart = 0;
        while (lineStart <= _text.Length)
        {
            if (line >= mark.Line)
            {
                for (var i = lineStart; i < _text.Length && _text[i] is ' ' or '\t'; i++)
                    if (_text[i] == '\t') return (line, i - lineStart + 1);
            }
            var next = _text.IndexOf('\n', lineStart);
            if (next < 0) break;
            (line, lineStart) = (line + 1, next + 1);
        }
        return null;
    }

    // YamlDotNet repeats the position in some messages; ours is printed in front already.
    private static string TrimPosition(string message)
    {
        var at = message.IndexOf(" (Line:", StringComparison.Ordinal);
        var text = at >= 0 ? message[..at] : message;
        return text.Length > 0 ? char.ToLowerInvariant(text[0]) + text[1..].TrimEnd('.') : "invalid YAML";
    }

    /// <summary>Ends reading at a problem after which the rest of the document cannot be read cheaply.</summary>
    private sealed class StopReadingException(ConfigError error) : Exception(error.Message)
    {
        public ConfigError Error { get; } = error;
    }
}
