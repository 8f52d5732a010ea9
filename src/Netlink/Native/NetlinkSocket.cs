using System.Runtime.InteropServices;
using Conlink.Netlink.Errors;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace Conlink.Netlink.Native;

/// <summary>
/// An AF_NETLINK/NETLINK_ROUTE socket. It belongs to the network namespace of the thread that
/// opened it, for its whole life.
/// </summary>
internal sealed unsafe class NetlinkSocket : SafeHandle, INetlinkSocket
{
    private static readonly TimeSpan ReceiveTimeout = TimeSpan.FromSeconds(30);
    private const int SubscriberBufferSize = 4 << 20;

    private NetlinkSocket() : base(-1, ownsHandle: true) { }

    public override bool IsInvalid => handle == -1;

    /// <summary>The port id the kernel gave us; replies to our requests carry it.</summary>
    public uint PortId { get; private set; }

    /// <summary>Display name of the namespace, for error messages.</summary>
    public string Namespace { get; private set; } = "";

    /// <summary>Opens a request socket in the calling thread's namespace; receives time out after 30 s.</summary>
    public static NetlinkSocket Open(string @namespace) => Open(@namespace, groups: 0, nonBlocking: false);

    /// <summary>
    /// Opens a non-blocking socket subscribed to multicast groups (RTMGRP_* bits), with a large
    /// receive buffer so that bursts of events are not lost, as a .NET socket for async receives.
    /// </summary>
    public static System.Net.Sockets.Socket OpenSubscriber(string @namespace, uint groups)
    {
        var netlink = Open(@namespace, groups, nonBlocking: true);
        int size = SubscriberBufferSize;
        var fd = (int)netlink.handle;
        // SO_RCVBUFFORCE passes the rmem_max cap with CAP_NET_ADMIN; SO_RCVBUF is the fallback.
        if (setsockopt(fd, SOL_SOCKET, SocketOptions.ReceiveBufferForce, &size, sizeof(int)) != 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(int));
        var socket = new System.Net.Sockets.Socket(new System.Net.Sockets.SafeSocketHandle(netlink.handle, ownsHandle: true));
        netlink.SetHandleAsInvalid();
        return socket;
    }

    private static NetlinkSocket Open(string @namespace, uint groups, bool nonBlocking)
    {
        var socket = new NetlinkSocket { Namespace = @namespace };
        var fd = LibC.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | (nonBlocking ? SOCK_NONBLOCK : 0), SocketOptions.NetlinkRoute);
        if (fd < 0) throw socket.Failure(Operation.SocketOpen);
        socket.SetHandle(fd);
        try
        {
            socket.Configure(fd, groups, nonBlocking);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return socket;
    }

    private void Configure(int fd, uint groups, bool nonBlocking)
    {
        int on = 1;
        // Best effort: these only improve error replies and dump filtering.
        setsockopt(fd, SocketOptions.SolNetlink, SocketOptions.CapAck, &on, sizeof(int));
        setsockopt(fd, SocketOptions.SolNetlink, SocketOptions.ExtAck, &on, sizeof(int));
        setsockopt(fd, SocketOptions.SolNetlink, SocketOptions.GetStrictCheck, &on, sizeof(int));
        if (!nonBlocking)
        {
            var timeout = new Timeval { Seconds = (long)ReceiveTimeout.TotalSeconds };
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, (uint)sizeof(Timeval));
        }

        var address = new SockaddrNl { Family = (ushort)AF_NETLINK, Groups = groups };
        if (bind(fd, (sockaddr*)&address, (uint)sizeof(SockaddrNl)) != 0) throw Failure(Operation.SocketOpen);
        socklen_t length = (uint)sizeof(SockaddrNl);
        if (getsockname(fd, (sockaddr*)&address, &length) != 0) throw Failure(Operation.SocketOpen);
        PortId = address.Pid;
    }

    public void Send(ReadOnlySpan<byte> datagram)
    {
        var added = false;
        DangerousAddRef(ref added);
        try
        {
            fixed (byte* data = datagram)
            {
                while (true)
                {
                    var sent = send((int)handle, data, datagram.Length, 0);
                    if (sent >= 0) return;
                    if (errno != Errno.EINTR) throw Failure(Operation.Send);
                }
            }
        }
        finally
        {
            DangerousRelease();
        }
    }

    /// <summary>Receives one datagram; returns its length, or 0 when a non-blocking socket has nothing.</summary>
    public int Receive(Span<byte> buffer)
    {
        var added = false;
        DangerousAddRef(ref added);
        try
        {
            fixed (byte* data = buffer)
            {
                while (true)
                {
                    var received = (int)recv((int)handle, data, buffer.Length, MSG_TRUNC);
                    if (received > buffer.Length)
                        throw new InvalidOperationException($"a netlink reply of {received} bytes did not fit the {buffer.Length}-byte buffer");
                    if (received >= 0) return received;
                    var error = errno;
                    if (error == Errno.EINTR) continue;
                    throw Failure(Operation.Receive, error);
                }
            }
        }
        finally
        {
            DangerousRelease();
        }
    }

    public int Ioctl(uint request, void* argument)
    {
        var added = false;
        DangerousAddRef(ref added);
        try
        {
            return Native.Ioctl.Call((int)handle, request, argument);
        }
        finally
        {
            DangerousRelease();
        }
    }

    protected override bool ReleaseHandle() => close((int)handle) == 0;

    private NetlinkException Failure(Operation operation, int? error = null) =>
        new(error ?? errno, new OperationContext(operation), Namespace, null);

    [StructLayout(LayoutKind.Sequential)]
    private struct Timeval
    {
        public long Seconds;
        public long Microseconds;
    }
}
