namespace Conlink.Netlink.Capture;

/// <summary>How much of each frame is kept and how much the kernel may queue for a slow reader.</summary>
public sealed record CaptureOptions
{
    /// <summary>The largest snap length: tcpdump's default, more than any frame on a 65535-byte MTU link.</summary>
    public const int MaxSnapLength = 262144;

    /// <summary>Bytes kept of each frame (tcpdump's <c>-s</c>).</summary>
    public int SnapLength
    {
        get;
        init => field = value is >= 1 and <= MaxSnapLength
            ? value
            : throw new ArgumentOutOfRangeException(nameof(SnapLength), value, $"a snap length is between 1 and {MaxSnapLength}");
    } = MaxSnapLength;

    /// <summary>
    /// The socket's receive buffer (tcpdump's <c>-B</c>, 2 MiB by default): frames that arrive
    /// while it is full are dropped by the kernel and counted in <see cref="PacketCapture.Statistics"/>.
    /// </summary>
    public int BufferBytes
    {
        get;
        init => field = value is >= 64 * 1024 and <= 1 << 30
            ? value
            : throw new ArgumentOutOfRangeException(nameof(BufferBytes), value, "a capture buffer has between 64 KiB and 1 GiB");
    } = 2 << 20;
}
