using Conlink.Config.Loading;

namespace Conlink.Config.Validation;

/// <summary>Typed reads of configuration values; each failed read adds one error at the value.</summary>
internal static class NodeValues
{
    public static string? String(ConfigNode node, ICollection<ConfigError> errors)
    {
        if (node is not ScalarNode { Kind: ScalarKind.String } scalar)
            return Fail<string>(node, "must be a string", errors);
        if (scalar.Value.Length == 0)
            return Fail<string>(node, "must not be empty", errors);
        return scalar.Value;
    }

    public static long? Integer(ConfigNode node, ICollection<ConfigError> errors)
    {
        if (node is ScalarNode scalar && scalar.AsInteger() is { } value) return value;
        errors.Add(node.Location.Error(node is ScalarNode { IsOutOfRangeInteger: true } huge
            ? $"{huge.Value} is too large an integer (beyond 64 bits)"
            : $"must be an integer, not {Describe(node)}"));
        return null;
    }

    /// <summary>An integer within [<paramref name="min"/>, <paramref name="max"/>], else an error naming <paramref name="what"/>.</summary>
    public static int? Integer(ConfigNode node, long min, long max, string what, ICollection<ConfigError> errors)
    {
        if (node is ScalarNode { IsOutOfRangeInteger: true } huge)
        {
            errors.Add(node.Location.Error($"{what} {huge.Value} is out of range ({min}..{max})"));
            return null;
        }
        if (Integer(node, errors) is not { } value) return null;
        if (value >= min && value <= max) return (int)value;
        errors.Add(node.Location.Error($"{what} {value} is out of range ({min}..{max})"));
        return null;
    }

    /// <summary>A list of single-line strings (string fields are already normalised to lists).</summary>
    public static IReadOnlyList<string>? Lines(ConfigNode node, ICollection<ConfigError> errors)
    {
        if (node is not SequenceNode sequence)
            return Fail<IReadOnlyList<string>>(node, "must be a string or a list of strings", errors);
        var lines = new List<string>();
        var ok = true;
        foreach (var item in sequence.Items)
        {
            var line = String(item, errors);
            if (line is not null && ContainsControl(line))
            {
                errors.Add(item.Location.Error("must not contain control characters (such as a newline)"));
                line = null;
            }
            if (line is null) ok = false;
            else lines.Add(line);
        }
        return ok ? lines : null;
    }

    public static MappingNode? Mapping(ConfigNode node, ICollection<ConfigError> errors) =>
        node as MappingNode ?? Fail<MappingNode>(node, "must be a mapping", errors);

    public static SequenceNode? Sequence(ConfigNode node, ICollection<ConfigError> errors) =>
        node as SequenceNode ?? Fail<SequenceNode>(node, "must be a list", errors);

    /// <summary>Reports every key of <paramref name="mapping"/> not in <paramref name="allowed"/>.</summary>
    public static void RejectUnknownKeys(MappingNode mapping, IReadOnlyList<string> allowed, ICollection<ConfigError> errors)
    {
        foreach (var entry in mapping.Entries)
            if (!Contains(allowed, entry.Key))
                errors.Add(entry.KeyLocation.Error($"unknown key '{entry.Key}' (expected one of: {string.Join(", ", allowed)})"));
    }

    private static bool Contains(IReadOnlyList<string> allowed, string key)
    {
        for (var i = 0; i < allowed.Count; i++)
            if (string.Equals(allowed[i], key, StringComparison.Ordinal)) return true;
        return false;
    }

    private static bool ContainsControl(string text)
    {
        foreach (var c in text)
            if (char.IsControl(c)) return true;
        return false;
    }

    public static string Describe(ConfigNode node) => node switch
    {
        MappingNode => "a mapping",
        SequenceNode => "a list",
        ScalarNode scalar => ScalarNode.Describe(scalar.Kind),
        _ => "a value",
    };

    private static T? Fail<T>(ConfigNode node, string expectation, ICollection<ConfigError> errors) where T : class
    {
        var message = expectation == "must not be empty" ? expectation : $"{expectation}, not {Describe(node)}";
        errors.Add(node.Location.Error(message));
        return null;
    }
}
