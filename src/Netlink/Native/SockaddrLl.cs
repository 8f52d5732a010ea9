using System.Runtime.InteropServices;

namespace Conlink.Netlink.Native;

/// <summary><c>struct sockaddr_ll</c> (linux/if_packet.h): a packet socket's address, and where a received frame came from.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SockaddrLl
{
    public ushort Family;
    /// <summary>The EtherType, network byte order.</summary>
    public ushort Protocol;
    public int InterfaceIndex;
    public ushort HardwareType;
    /// <summary>PACKET_HOST, PACKET_OUTGOING, ...: see <see cref="Capture.PacketDirection"/>.</summary>
    public byte PacketType;
    public byte AddressLength;
    public fixed byte Address[8];
}
