using Conlink.Config.Loading;
using Conlink.Config.Model;

namespace Conlink.Config.Tests.Support;

/// <summary>Loads configuration text through the whole pipeline, as network files or compose files.</summary>
internal static class TestConfig
{
    public const string NetworkFile = "net.yaml";
    public const string ComposeFile = "compose.yaml";

    public static ConfigLoadOptions Options { get; } = new() { DefaultBridgeMode = BridgeMode.Linux };

    public static NetworkConfig Network(string yaml, ConfigLoadOptions? options = null) =>
        ConfigLoader.Load([new ConfigDocument(NetworkFile, ConfigDocumentKind.Network, yaml)], options ?? Options);

    public static NetworkConfig Compose(string yaml, ConfigLoadOptions? options = null) =>
        ConfigLoader.Load([new ConfigDocument(ComposeFile, ConfigDocumentKind.Compose, yaml)], options ?? Options);

    public static NetworkConfig Documents(params ConfigDocument[] documents) => ConfigLoader.Load(documents, Options);

    /// <summary>The errors loading a network file reports, as printed (<c>FILE:LINE:COL: PATH: message</c>).</summary>
    public static IReadOnlyList<string> NetworkErrors(string yaml, ConfigLoadOptions? options = null) =>
        ErrorsOf(() => Network(yaml, options));

    public static IReadOnlyList<string> ComposeErrors(string yaml, ConfigLoadOptions? options = null) =>
        ErrorsOf(() => Compose(yaml, options));

    public static IReadOnlyList<string> ErrorsOf(Func<NetworkConfig> load)
    {
        var exception = Assert.Throws<ConfigException>(() => load());
        return exception.Errors.Select(e => e.ToString()).ToList();
    }

    /// <summary>
    /// "LINE:COL" of the first occurrence of <paramref name="text"/> in <paramref name="yaml"/>
    /// (after <paramref name="after"/>, when given): where an error about that text must point.
    /// </summary>
    public static string At(string yaml, string text, string? after = null)
    {
        var start = after is null ? 0 : yaml.IndexOf(after, StringComparison.Ordinal);
        var index = yaml.IndexOf(text, Math.Max(start, 0), StringComparison.Ordinal);
        if (index < 0) throw new ArgumentException($"'{text}' does not occur in the YAML", nameof(text));
        var line = yaml[..index].Count(c => c == '\n') + 1;
        var lineStart = index == 0 ? 0 : yaml.LastIndexOf('\n', index - 1) + 1;
        var column = index - lineStart + 1;
        return $"{line}:{column}";
    }

    /// <summary>The single link of a configuration with one link.</summary>
    public static LinkSpec SingleLink(this NetworkConfig config) =>
        Assert.Single(config.Services.Values.Concat(config.Containers.Values).SelectMany(e => e.Links));
}
