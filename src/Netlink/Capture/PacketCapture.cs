using System.Buffers.Binary;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Conlink.Netlink.Errors;
using Conlink.Netlink.Links;
using Conlink.Netlink.Namespaces;
using Conlink.Netlink.Native;

namespace Conlink.Netlink.Capture;

/// <summary>
/// Captures the frames one interface sends and receives, in-process (an AF_PACKET socket opened
/// on the namespace thread, as netlink sockets are), with no tcpdump. Reading waits on the
/// runtime's epoll without a thread or a busy loop, and can be cancelled. The only queue is the
/// socket's bounded receive buffer (<see cref="CaptureOptions.BufferBytes"/>); frames beyond it
/// are dropped by the kernel and counted. One reader at a time. Dispose to stop.
/// </summary>
public sealed class PacketCapture : IDisposable
{
    private const int VlanTagLength = 4;
    private const ushort Ieee8021Q = 0x8100;

    private readonly Socket _socket;
    private readonly Lock _statisticsLock = new();
    private ulong _packets, _dropped;
    private NetlinkException? _ended;

    private PacketCapture(Socket socket, LinkRef link, string @namespace, int snapLength)
    {
        _socket = socket;
        Interface = link;
        Namespace = @namespace;
        SnapLength = snapLength;
    }

    /// <summary>The interface captured, with its index and name.</summary>
    public LinkRef Interface { get; }

    /// <summary>Display name of the namespace the interface is in.</summary>
    public string Namespace { get; }

    public int SnapLength { get; }

    /// <summary>The buffer size that holds any frame of this capture, a VLAN tag put back included.</summary>
    public int FrameBufferSize => SnapLength + VlanTagLength;

    /// <summary>
    /// Starts capturing on <paramref name="link"/> in <paramref name="ns"/>. Fails with a
    /// <see cref="NetlinkException"/> naming the interface when it does not exist there.
    /// </summary>
    public static PacketCapture Open(NetNs ns, LinkRef link, CaptureOptions? options = null) =>
        OpenAsync(ns, link, options).GetAwaiter().GetResult();

    /// <summary>Like <see cref="Open"/>, without blocking the caller while the namespace thread works.</summary>
    public static async Task<PacketCapture> OpenAsync(NetNs ns, LinkRef link, CaptureOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(ns);
        options ??= new CaptureOptions();
        LinkRef target;
        using (var handle = await NetlinkHandle.OpenAsync(ns).ConfigureAwait(false))
        {
            var found = handle.LinkGet(link);
            target = new LinkRef(found.Index, found.Name);
        }
        var socket = await ns.RunAsync(() => PacketSocket.Open(target.Index, options.BufferBytes, target, ns.DisplayName)).ConfigureAwait(false);
        return new PacketCapture(socket, target, ns.DisplayName, options.SnapLength);
    }

    /// <summary>
    /// Waits for the next frame and copies it into <paramref name="buffer"/> (give it
    /// <see cref="FrameBufferSize"/> bytes; a smaller one cuts frames further). The frame's
    /// <see cref="CapturedFrame.Data"/> is a slice of the buffer, valid until the next receive.
    /// Throws <see cref="OperationCanceledException"/> when cancelled, and a
    /// <see cref="NetlinkException"/> when the interface goes away (then on every later call too).
    /// </summary>
    public async ValueTask<CapturedFrame> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buffer.Length, 1);
        try
        {
            while (true)
            {
                ObjectDisposedException.ThrowIf(_socket.SafeHandle.IsClosed, this);
                if (_ended is not null) throw _ended;
                if (TryReceive(buffer, out var frame)) return frame;
                await WaitReadableAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (NetlinkException e)
        {
            // The kernel reports a vanished interface once and then leaves the socket unbound: the capture is over.
            _ended ??= e;
            throw;
        }
    }

    /// <summary>Every frame until cancelled, each in its own array.</summary>
    public async IAsyncEnumerable<CapturedFrame> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var buffer = new byte[FrameBufferSize];
        while (true)
        {
            var frame = await ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
            yield return frame with { Data = frame.Data.ToArray() };
        }
    }

    /// <summary>Frames that reached the capture since it was opened (dropped ones included), and those the kernel dropped.</summary>
    public CaptureStatistics Statistics
    {
        get
        {
            lock (_statisticsLock)
            {
                if (!_socket.SafeHandle.IsClosed)
                {
                    var since = PacketSocket.ReadStatistics(_socket.SafeHandle);
                    // The kernel's packet count leaves out the drops; ours is every frame that reached the socket.
                    _packets += since.Packets + since.Drops;
                    _dropped += since.Drops;
                }
                return new CaptureStatistics(_packets, _dropped);
            }
        }
    }

    public void Dispose() => _socket.Dispose();

    private bool TryReceive(Memory<byte> buffer, out CapturedFrame frame)
    {
        frame = default;
        var span = buffer.Span;
        // Room to put an offloaded VLAN tag back, when the buffer has it.
        var room = buffer.Length > VlanTagLength ? buffer.Length - VlanTagLength : buffer.Length;
        var received = PacketSocket.Receive(_socket.SafeHandle, span[..Math.Min(room, SnapLength)]);
        if (received.Error == Native.Errno.EAGAIN) return false;
        if (received.Error != 0) throw PacketSocket.Failure(Operation.CaptureReceive, received.Error, Interface, Namespace);

        var length = received.Length;
        var original = received.OriginalLength;
        if ((received.AuxStatus & TpacketAuxdata.StatusVlanValid) != 0 && length >= 12 && length + VlanTagLength <= buffer.Length)
        {
            var tpid = (received.AuxStatus & TpacketAuxdata.StatusVlanTpidValid) != 0 ? received.VlanTpid : Ieee8021Q;
            span[12..length].CopyTo(span[(12 + VlanTagLength)..]);
            BinaryPrimitives.WriteUInt16BigEndian(span[12..], tpid);
            BinaryPrimitives.WriteUInt16BigEndian(span[14..], received.VlanTci);
            length = Math.Min(length + VlanTagLength, SnapLength);
            original += VlanTagLength;
        }
        var timestamp = received.TimestampNanoseconds != 0
            ? received.TimestampNanoseconds
            : (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100;
        frame = new CapturedFrame(buffer[..length], original, timestamp, (PacketDirection)received.PacketType, received.Protocol, received.InterfaceIndex);
        return true;
    }

    /// <summary>
    /// Waits until a frame is queued, without taking it: a zero-byte MSG_PEEK receive on the
    /// runtime's socket engine (epoll), which reports readiness and leaves the datagram queued.
    /// </summary>
    private async ValueTask WaitReadableAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.Peek, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.MessageSize)
        {
            // A peek into no room reports the queued frame as truncated: it is there.
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.NetworkDown or SocketError.NetworkUnreachable)
        {
            throw PacketSocket.Failure(Operation.CaptureReceive, Native.Errno.ENETDOWN, Interface, Namespace);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.OperationAborted && _socket.SafeHandle.IsClosed)
        {
            throw new ObjectDisposedException(nameof(PacketCapture));
        }
    }
}
