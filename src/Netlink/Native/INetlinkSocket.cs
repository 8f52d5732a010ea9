namespace Conlink.Netlink.Native;

/// <summary>What a connection needs of a netlink socket; tests substitute one that records requests.</summary>
internal interface INetlinkSocket : IDisposable
{
    uint PortId { get; }

    string Namespace { get; }

    bool IsClosed { get; }

    void Send(ReadOnlySpan<byte> datagram);

    int Receive(Span<byte> buffer);

    /// <summary>A socket ioctl (such as SIOCETHTOOL) on this socket's namespace; 0 or -1 with errno set.</summary>
    unsafe int Ioctl(uint request, void* argument) => throw new NotSupportedException("this socket does not do ioctls");
}
