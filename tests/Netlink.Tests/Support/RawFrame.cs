using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Conlink.Netlink.Namespaces;

namespace Conlink.Netlink.Tests.Support;

/// <summary>Sends one hand-made Ethernet frame out of an interface, from an AF_PACKET socket opened in its namespace.</summary>
public static class RawFrame
{
    public static void Send(NetNs ns, int interfaceIndex, byte[] frame)
    {
        using var socket = ns.Run(() => new Socket(AddressFamily.Packet, SocketType.Raw, ProtocolType.Unspecified));
        socket.SendTo(frame, new LinkLayerEndPoint(interfaceIndex, frame.AsSpan(0, 6).ToArray()));
    }

    /// <summary>A <c>sockaddr_ll</c>: the interface to send out of, and the destination MAC.</summary>
    private sealed class LinkLayerEndPoint(int interfaceIndex, byte[] destination) : EndPoint
    {
        public override AddressFamily AddressFamily => AddressFamily.Packet;

        public override SocketAddress Serialize()
        {
            var address = new SocketAddress(AddressFamily.Packet, 20);
            var bytes = address.Buffer.Span;
            BinaryPrimitives.WriteInt32LittleEndian(bytes[4..], interfaceIndex);
            bytes[11] = (byte)destination.Length;
            destination.CopyTo(bytes[12..]);
            return address;
        }
    }
}
