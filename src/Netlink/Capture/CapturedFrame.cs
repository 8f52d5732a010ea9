namespace Conlink.Netlink.Capture;

/// <summary>
/// One captured frame: its bytes from the Ethernet header on (cut to the snap length), with the
/// kernel's receive timestamp, its length on the wire and its direction. A VLAN tag the kernel
/// took off (offloaded) is put back into <see cref="Data"/>, as libpcap does, so the bytes are
/// what was on the wire.
/// </summary>
public readonly record struct CapturedFrame(
    ReadOnlyMemory<byte> Data,
    int OriginalLength,
    long TimestampNanoseconds,
    PacketDirection Direction,
    ushort Protocol,
    int InterfaceIndex)
{
    /// <summary>How many bytes were captured: <see cref="OriginalLength"/> or the snap length, whichever is less.</summary>
    public int CapturedLength => Data.Length;

    /// <summary>Whether the frame was cut to the snap length.</summary>
    public bool IsTruncated => CapturedLength < OriginalLength;

    /// <summary>The kernel timestamp (nanoseconds since the Unix epoch, CLOCK_REALTIME), to 100 ns.</summary>
    public DateTimeOffset Timestamp => DateTimeOffset.UnixEpoch.AddTicks(TimestampNanoseconds / 100);
}
