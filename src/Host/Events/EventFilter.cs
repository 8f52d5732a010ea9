using Conlink.Actors.Tracing;

namespace Conlink.Host.Events;

/// <summary>
/// Which events a reader wants: <c>container=NAME</c>, <c>link=CONTAINER:DEV</c>, <c>kind=EVENT</c>
/// (link-state, netem, apply, fault-step, container-start, container-stop), comma-separated, all must match.
/// </summary>
public sealed record EventFilter(string? Container, string? Link, string? Kind)
{
    public static EventFilter All { get; } = new(null, null, null);

    /// <exception cref="FormatException">An unknown key or a term without '='.</exception>
    public static EventFilter Parse(string? text)
    {
        var filter = All;
        foreach (var term in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = term.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) throw new FormatException($"filter '{term}': write KEY=VALUE (container=, link= or kind=)");
            var value = term[(eq + 1)..];
            filter = term[..eq] switch
            {
                "container" => filter with { Container = value },
                "link" => filter with { Link = value },
                "kind" => filter with { Kind = value },
                var key => throw new FormatException($"filter '{term}': unknown key '{key}' (container=, link= or kind=)"),
            };
        }
        return filter;
    }

    public bool Matches(TraceRecord record) =>
        record.Kind == TraceKind.Event
        && (Container is null || record.Container == Container)
        && (Link is null || record.Link == Link)
        && (Kind is null || record.What == Kind);
}
