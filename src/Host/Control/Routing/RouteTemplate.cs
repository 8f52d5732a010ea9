namespace Conlink.Host.Control.Routing;

/// <summary>A path template such as <c>/links/{target}/netem</c>: literal segments, and {names} that match one percent-decoded segment.</summary>
public sealed class RouteTemplate
{
    private readonly string[] _segments;

    public RouteTemplate(string template)
    {
        if (!template.StartsWith('/')) throw new ArgumentException($"a route template starts with '/': {template}", nameof(template));
        Text = template;
        _segments = Split(template);
    }

    public string Text { get; }

    public bool TryMatch(string path, out IReadOnlyDictionary<string, string> parameters)
    {
        parameters = EmptyParameters;
        var segments = Split(path);
        if (segments.Length != _segments.Length) return false;
        Dictionary<string, string>? values = null;
        for (var i = 0; i < segments.Length; i++)
        {
            var pattern = _segments[i];
            if (pattern.StartsWith('{') && pattern.EndsWith('}'))
            {
                var value = Uri.UnescapeDataString(segments[i]);
                if (value.Length == 0) return false;
                (values ??= new Dictionary<string, string>(StringComparer.Ordinal))[pattern[1..^1]] = value;
            }
            else if (!string.Equals(pattern, segments[i], StringComparison.Ordinal)) return false;
        }
        parameters = values ?? EmptyParameters;
        return true;
    }

    private static readonly IReadOnlyDictionary<string, string> EmptyParameters = new Dictionary<string, string>();

    private static string[] Split(string path) => path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
}
