using Conlink.Config.Loading;

namespace Conlink.Config.Interpolation;

/// <summary>Interpolates every scalar value (not keys) of a configuration tree, keeping locations.</summary>
internal static class NodeInterpolator
{
    public static ConfigNode Interpolate(ConfigNode node, Func<string, string?> environment, ICollection<ConfigError> errors) => node switch
    {
        ScalarNode scalar => InterpolateScalar(scalar, environment, errors),
        SequenceNode sequence => sequence with { Items = sequence.Items.Select(i => Interpolate(i, environment, errors)).ToList() },
        MappingNode mapping => mapping with
        {
            Entries = mapping.Entries.Select(e => e with { Value = Interpolate(e.Value, environment, errors) }).ToList(),
        },
        _ => node,
    };

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
