namespace Conlink.Netlink.Capture;

/// <summary>PACKET_* frame types (linux/if_packet.h): which way a captured frame went.</summary>
public enum PacketDirection : byte
{
    /// <summary>Received, addressed to this host.</summary>
    Host = 0,
    Broadcast = 1,
    Multicast = 2,
    /// <summary>Received, addressed to another host (seen in promiscuous mode).</summary>
    OtherHost = 3,
    /// <summary>Sent by this interface.</summary>
    Outgoing = 4,
    Loopback = 5,
}
