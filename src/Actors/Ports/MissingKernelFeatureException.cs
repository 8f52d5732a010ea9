namespace Conlink.Actors.Ports;

/// <summary>
/// The kernel lacks what an operation needs (a link type, a qdisc): retrying cannot help, so the
/// engine reports it once and does not retry.
/// </summary>
public sealed class MissingKernelFeatureException(string feature, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Feature { get; } = feature;
}
