namespace Conlink.Cli.Status;

/// <summary>No conlink status could be read from <see cref="Endpoint"/>.</summary>
internal sealed class StatusUnavailableException(StatusEndpoint endpoint, string reason)
    : Exception($"cannot reach conlink at {endpoint}: {reason}")
{
    public StatusEndpoint Endpoint { get; } = endpoint;
}
