using Conlink.Actors.Status;

namespace Conlink.Host.Capture;

/// <summary>A capture target names no link (or one conlink cannot capture now); nothing was opened.</summary>
public sealed class CaptureTargetException(LinkTargetError error, string message) : Exception(message)
{
    public LinkTargetError Error { get; } = error;
}
