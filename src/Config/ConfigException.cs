namespace Conlink.Config;

/// <summary>The configuration is unusable; <see cref="Errors"/> lists every problem found.</summary>
public sealed class ConfigException : Exception
{
    /// <summary>How many errors are printed before the rest are only counted.</summary>
    public const int MaxReported = 100;

    public ConfigException(IReadOnlyList<ConfigError> errors)
        : base(Describe(errors))
    {
        if (errors.Count == 0) throw new ArgumentException("a configuration exception needs at least one error", nameof(errors));
        Errors = errors;
    }

    public IReadOnlyList<ConfigError> Errors { get; }

    /// <summary>The lines to print: the first <see cref="MaxReported"/> errors, then "and N more errors" when there are more.</summary>
    public IReadOnlyList<string> ReportLines() => Lines(Errors);

    private static List<string> Lines(IReadOnlyList<ConfigError> errors)
    {
        var lines = errors.Take(MaxReported).Select(e => e.ToString()).ToList();
        if (errors.Count > MaxReported)
            lines.Add($"and {errors.Count - MaxReported} more error{(errors.Count - MaxReported == 1 ? "" : "s")}");
        return lines;
    }

    private static string Describe(IReadOnlyList<ConfigError> errors) => errors.Count switch
    {
        0 => "no configuration errors",
        1 => errors[0].ToString(),
        _ => $"{errors.Count} configuration errors:{Environment.NewLine}{string.Join(Environment.NewLine, Lines(errors))}",
    };
}
