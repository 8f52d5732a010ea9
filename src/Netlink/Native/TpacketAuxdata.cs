using System.Runtime.InteropServices;

namespace Conlink.Netlink.Native;

/// <summary><c>struct tpacket_auxdata</c>: what PACKET_AUXDATA adds to each frame.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TpacketAuxdata
{
    /// <summary>TP_STATUS_* bits.</summary>
    public uint Status;
    /// <summary>The frame's length before a socket filter cut it; wrong after a MSG_PEEK (see <see cref="PacketSocket"/>).</summary>
    public uint Length;
    public uint SnapLength;
    public ushort MacOffset;
    public ushort NetworkOffset;
    public ushort VlanTci;
    public ushort VlanTpid;

    public const uint StatusVlanValid = 0x10;
    public const uint StatusVlanTpidValid = 0x40;
}
