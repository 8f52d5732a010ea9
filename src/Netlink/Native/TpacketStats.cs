using System.Runtime.InteropServices;

namespace Conlink.Netlink.Native;

/// <summary><c>struct tpacket_stats</c>: PACKET_STATISTICS, counted since the last read (reading resets it).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TpacketStats
{
    /// <summary>Frames that reached the socket, the dropped ones included.</summary>
    public uint Packets;
    /// <summary>Frames dropped because the receive buffer was full.</summary>
    public uint Drops;
}
