namespace Conlink.Actors.Ports;

/// <summary>One vxlan or geneve tunnel in the bridge namespace.</summary>
public interface ITunnelBackend
{
    /// <summary>Creates the tunnel interface (up, with its netem), or adopts an existing one.</summary>
    Task EnsureAsync(CancellationToken ct);

    Task DeleteAsync(CancellationToken ct);
}
