namespace Conlink.Host.Capture;

/// <summary>When a capture ends by itself, and how much of each frame it keeps.</summary>
public sealed record CaptureLimits
{
    /// <summary>Stop after this many packets (all targets together); null: no limit.</summary>
    public long? Count { get; init; }

    /// <summary>Stop after this long; null: no limit.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Bytes kept of each frame.</summary>
    public int SnapLength { get; init; } = Netlink.Capture.CaptureOptions.MaxSnapLength;
}
