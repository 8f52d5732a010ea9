namespace Conlink.Config;

/// <summary>The configuration is unusable; <see cref="Errors"/> lists every problem found.</summary>
public sealed class ConfigException : Exception
{
    public ConfigException(IReadOnlyList<ConfigError> errors)
        : base(errors.Count == 1 ? errors[0].ToString() : $"{errors.Count} configuration errors:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}")
    {
        if (errors.Count == 0) throw new ArgumentException("a configuration exception needs at least one error", nameof(errors));
        Errors = errors;
    }

    public IReadOnlyList<ConfigError> Errors { get; }
}
