using Conlink.Actors.Tracing;

namespace Conlink.Cli.Tracing;

/// <summary>
/// Which trace records to show. A container matches records about it or its links; a link matches
/// by its id (<c>container:dev</c>) or by its dev alone (<c>eth0</c>, any container's).
/// </summary>
internal sealed record TraceFilter(string? Container, string? Link, TraceKind? Kind)
{
    public bool Matches(TraceRecord record) =>
        (Kind is null || record.Kind == Kind)
        && (Container is null || record.Container == Container || (record.Link?.StartsWith(Container + ":", StringComparison.Ordinal) ?? false))
        && (Link is null || record.Link == Link || (record.Link?.EndsWith(":" + Link, StringComparison.Ordinal) ?? false));
}
