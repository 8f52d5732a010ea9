namespace Conlink.Actors.Ports;

/// <summary>One bridge conlink owns, realised as a linux bridge, an ovs bridge or a tc patch.</summary>
public interface IBridgeBackend
{
    /// <summary>Creates the bridge, or adopts an existing one of the right kind.</summary>
    Task EnsureAsync(CancellationToken ct);

    /// <summary>True when the bridge exists in the kernel (or switch) right now.</summary>
    Task<bool> ExistsAsync(CancellationToken ct);

    /// <summary>Attaches <paramref name="port"/>; <paramref name="ports"/> is the whole port set after attaching.</summary>
    Task AttachAsync(string port, IReadOnlyList<string> ports, CancellationToken ct);

    /// <summary>Detaches <paramref name="port"/>; <paramref name="remaining"/> is the port set afterwards.</summary>
    Task DetachAsync(string port, IReadOnlyList<string> remaining, CancellationToken ct);

    Task DeleteAsync(CancellationToken ct);
}
