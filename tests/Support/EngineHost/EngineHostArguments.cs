namespace Conlink.TestEngineHost;

/// <summary>The engine host's command line: <c>--name value</c> pairs, the file options repeatable.</summary>
internal sealed record EngineHostArguments(
    string Registry,
    string BridgeNamespace,
    string StatusSocket,
    IReadOnlyList<string> ComposeFiles,
    string? UnderlayNamespace,
    int? KillAfterLinks,
    string? ClusterBind = null,
    IReadOnlyList<string>? ClusterSeeds = null,
    string? ClusterTlsCert = null)
{
    public static EngineHostArguments Parse(IReadOnlyList<string> args)
    {
        if (args.Count % 2 != 0) throw new ArgumentException("every option takes one value");
        var values = new Dictionary<string, List<string>>();
        for (var i = 0; i < args.Count; i += 2)
        {
            if (!values.TryGetValue(args[i], out var list)) values[args[i]] = list = [];
            list.Add(args[i + 1]);
        }
        string? Single(string name) => values.Remove(name, out var list)
            ? list.Count == 1 ? list[0] : throw new ArgumentException($"{name} given more than once")
            : null;
        string Required(string name) => Single(name) ?? throw new ArgumentException($"{name} is required");
        IReadOnlyList<string> Repeated(string name) => values.Remove(name, out var list) ? list : [];
        int? PositiveNumber(string name) => Single(name) is not { } text ? null
            : int.TryParse(text, out var n) && n > 0 ? n : throw new ArgumentException($"{name} takes a positive number");

        var parsed = new EngineHostArguments(Required("--registry"), Required("--netns"), Required("--status-socket"),
            Repeated("--compose-file"), Single("--underlay-netns"), PositiveNumber("--kill-after-links"),
            Single("--cluster-bind"), Repeated("--cluster-seed"), Single("--cluster-tls-cert"));
        if (values.Count > 0) throw new ArgumentException("unknown option " + values.Keys.First());
        if (parsed.ComposeFiles.Count == 0) throw new ArgumentException("give at least one --compose-file");
        return parsed;
    }
}
