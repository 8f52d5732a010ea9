namespace Conlink.Netlink.Native;

/// <summary>What a connection needs of a netlink socket; tests substitute one that records requests.</summary>
internal interface INetlinkSocket : IDisposable
{
    uint PortId { get; }

    string Namespace { get; }

    bool IsClosed { get; }

    void Send(ReadOnlySpan<byte> datagram);

    int Receive(Span<byte> buffer);
}
