namespace Conlink.Actors.Tracing;

/// <summary>A message that names the container (and link) it concerns, for the trace.</summary>
public interface ITraced
{
    string? Container { get; }
    string? Link => null;
}
