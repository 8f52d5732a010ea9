namespace Conlink.Cli.Control;

/// <summary>A running conlink answered a request with something other than 2xx: the HTTP status and what it said.</summary>
internal sealed class ControlRefusedException(int status, string reason) : Exception(reason)
{
    public int Status { get; } = status;

    public string Reason { get; } = reason;

    /// <summary>403: the caller may not do this (not root, or no or a wrong token over TCP), rather than a wrong request.</summary>
    public bool NotAllowed => Status == 403;
}
