namespace Conlink.Netlink.Capture;

/// <summary>What reached a capture since it was opened, and what the kernel dropped because its buffer was full.</summary>
public readonly record struct CaptureStatistics(ulong Packets, ulong Dropped);
