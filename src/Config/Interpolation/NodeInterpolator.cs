using Conlink.Config.Loading;

namespace Conlink.Config.Interpolation;

/// <summary>Interpolates every scalar value (not keys) of a configuration tree, keeping locations.</summary>
internal static class NodeInterpolator
{
    /// <summary>The node with its values interpolated; a node in which nothing changes is returned as it is, not copied.</summary>
    public static ConfigNode Interpolate(ConfigNode node, Func<string, string?> environment, ICollection<ConfigError> errors) => node switch
    {
        ScalarNode scalar => InterpolateScalar(scalar, environment, errors),
        SequenceNode sequence => Changed(sequence.Items, item => Interpolate(item, environment, errors)) is { } items
            ? sequence with { Items = items }
            : sequence,
        MappingNode mapping => Changed(mapping.Entries, entry => Interpolate(entry.Value, environment, errors) is var value && !ReferenceEquals(value, entry.Value)
                ? entry with { Value = value }
                : entry) is { } entries
            ? mapping with { Entries = entries }
            : mapping,
        _ => node,
    };

    /// <summary>The items mapped, or null when every item maps to itself.</summary>
    private static List<T>? Changed<T>(IReadOnlyList<T> items, Func<T, T> map) where T : class
    {
        List<T>? result = null;
        for (var i = 0; i < items.Count; i++)
        {
            var mapped = map(items[i]);
            if (result is null && !ReferenceEquals(mapped, items[i]))
            {
                result = new List<T>(items.Count);
                for (var j = 0; j < i; j++) result.Add(items[j]);
            }
            result?.Add(mapped);
        }
        return result;
    }

    private static ScalarNode InterpolateScalar(ScalarNode scalar, Func<string, string?> environment, ICollection<ConfigError> errors)
    {
        var result = Interpolator.Interpolate(scalar.Value, environment);
        if (result.Error is not null)
        {
            errors.Add(scalar.Location.Error(result.Error));
            return scalar;
        }
        return result.Value == scalar.Value ? scalar : scalar with { Value = result.Value! };
    }
}
