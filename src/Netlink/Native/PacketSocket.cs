using System.Buffers.Binary;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Conlink.Netlink.Errors;
using Conlink.Netlink.Links;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace Conlink.Netlink.Native;

/// <summary>
/// An AF_PACKET/SOCK_RAW socket bound to one interface, for capture: every frame the interface
/// sends or receives (ETH_P_ALL), with a kernel timestamp (SO_TIMESTAMPNS) and an offloaded VLAN
/// tag (PACKET_AUXDATA). The original length is what recvmsg returns with MSG_TRUNC, not
/// PACKET_AUXDATA's tp_len: the kernel keeps that in the space of sll_family/sll_protocol and a
/// MSG_PEEK of the frame (how <see cref="Capture.PacketCapture"/> waits) overwrites it. So frames
/// are not cut by a socket filter either (that would leave no true length); the receive buffer
/// still bounds what the kernel queues. It belongs to the network namespace of the thread that opens it.
/// </summary>
internal static unsafe partial class PacketSocket
{
    private const ushort EthPAll = 0x0003;
    private const int ControlBufferSize = 128;

    /// <summary>
    /// Opens the socket in the calling thread's namespace, as a non-blocking .NET socket (used for
    /// waiting only; frames are read with <see cref="Receive"/>). It is created with protocol 0, so
    /// that it receives nothing until it is bound to the one interface.
    /// </summary>
    public static Socket Open(int interfaceIndex, int bufferBytes, LinkRef link, string @namespace)
    {
        var fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (fd < 0) throw Failure(Operation.CaptureOpen, errno, link, @namespace);
        try
        {
            var on = 1;
            Check(setsockopt(fd, SOL_PACKET, PACKET_AUXDATA, &on, sizeof(int)), link, @namespace);
            Check(setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof(int)), link, @namespace);
            // SO_RCVBUFFORCE passes the rmem_max cap with CAP_NET_ADMIN; SO_RCVBUF is the fallback.
            if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bufferBytes, sizeof(int)) != 0)
                Check(setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bufferBytes, sizeof(int)), link, @namespace);

            var address = new SockaddrLl
            {
                Family = (ushort)AF_PACKET,
                Protocol = BinaryPrimitives.ReverseEndianness(EthPAll),
                InterfaceIndex = interfaceIndex,
            };
            Check(bind(fd, (sockaddr*)&address, (uint)sizeof(SockaddrLl)), link, @namespace);
            return new Socket(new SafeSocketHandle(fd, ownsHandle: true));
        }
        catch
        {
            close(fd);
            throw;
        }
    }

    /// <summary>What one receive found: a frame, nothing queued, or an error (a positive errno).</summary>
    public readonly record struct Received(int Error, int Length, int OriginalLength, byte PacketType, ushort Protocol,
        int InterfaceIndex, long TimestampNanoseconds, uint AuxStatus, ushort VlanTci, ushort VlanTpid);

    /// <summary>
    /// Reads one queued frame into <paramref name="buffer"/> (cut to its size) without blocking;
    /// Error is EAGAIN when none is queued.
    /// </summary>
    public static Received Receive(SafeSocketHandle handle, Span<byte> buffer)
    {
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            var source = default(SockaddrLl);
            var control = stackalloc byte[ControlBufferSize];
            fixed (byte* data = buffer)
            {
                var iov = new IoVec { Base = data, Length = (nuint)buffer.Length };
                var message = new MsgHdr
                {
                    Name = &source,
                    NameLength = (uint)sizeof(SockaddrLl),
                    Iov = &iov,
                    IovLength = 1,
                    Control = control,
                    ControlLength = ControlBufferSize,
                };
                nint length;
                do length = RecvMsg((int)handle.DangerousGetHandle(), &message, MSG_TRUNC | MSG_DONTWAIT);
                while (length < 0 && Marshal.GetLastPInvokeError() == Errno.EINTR);
                if (length < 0) return new Received { Error = Marshal.GetLastPInvokeError() };
                return Describe(in message, in source, (int)length, Math.Min((int)length, buffer.Length));
            }
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
    }

    /// <summary>PACKET_STATISTICS since the last call (the kernel resets them on each read).</summary>
    public static TpacketStats ReadStatistics(SafeSocketHandle handle)
    {
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            var stats = default(TpacketStats);
            socklen_t length = (uint)sizeof(TpacketStats);
            return getsockopt((int)handle.DangerousGetHandle(), SOL_PACKET, PACKET_STATISTICS, &stats, &length) == 0 ? stats : default;
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
    }

    private static Received Describe(in MsgHdr message, in SockaddrLl source, int length, int captured)
    {
        long timestamp = 0;
        TpacketAuxdata? aux = null;
        var control = new ReadOnlySpan<byte>(message.Control, (int)message.ControlLength);
        var headerSize = Align(sizeof(CmsgHdr));
        while (control.Length >= sizeof(CmsgHdr))
        {
            var header = MemoryMarshal.Read<CmsgHdr>(control);
            var total = (int)header.Length;
            if (total < sizeof(CmsgHdr) || total > control.Length) break;
            var data = control[headerSize..total];
            if (header.Level == SOL_SOCKET && header.Type == SCM_TIMESTAMPNS && data.Length >= sizeof(Timespec))
            {
                var time = MemoryMarshal.Read<Timespec>(data);
                timestamp = time.Seconds * 1_000_000_000L + time.Nanoseconds;
            }
            else if (header.Level == SOL_PACKET && header.Type == PACKET_AUXDATA && data.Length >= sizeof(TpacketAuxdata))
            {
                aux = MemoryMarshal.Read<TpacketAuxdata>(data);
            }
            control = control[Math.Min(Align(total), control.Length)..];
        }
        return new Received(0, captured, length, source.PacketType,
            BinaryPrimitives.ReverseEndianness(source.Protocol), source.InterfaceIndex, timestamp,
            aux?.Status ?? 0, aux?.VlanTci ?? 0, aux?.VlanTpid ?? 0);
    }

    private static int Align(int length) => (length + sizeof(nuint) - 1) & ~(sizeof(nuint) - 1);

    private static void Check(int result, LinkRef link, string @namespace)
    {
        if (result != 0) throw Failure(Operation.CaptureOpen, errno, link, @namespace);
    }

    internal static NetlinkException Failure(Operation operation, int error, LinkRef link, string @namespace) =>
        new(error, new OperationContext(operation, link), @namespace, null);

    [LibraryImport("libc", EntryPoint = "recvmsg", SetLastError = true)]
    private static partial nint RecvMsg(int fd, MsgHdr* message, int flags);
}
