using System.Buffers;
using System.Runtime.InteropServices;
using Conlink.Netlink.Encoding;
using Conlink.Netlink.Encoding.Attributes;
using Conlink.Netlink.Encoding.Structs;
using Conlink.Netlink.Errors;
using Conlink.Netlink.Native;

namespace Conlink.Netlink.Connection;

/// <summary>
/// One netlink socket with its request buffer and sequence numbers. Requests are serialized by a
/// lock: a request is built, sent, and its replies read up to the ACK (or NLMSG_DONE) before the
/// next one starts. Replies that carry another sequence number or port id are ignored.
/// </summary>
internal sealed class NetlinkConnection : IDisposable
{
    /// <summary>The kernel never puts more than 32 KiB in one dump datagram; single messages can be larger.</summary>
    private const int ReceiveBufferSize = 64 * 1024;

    /// <summary>How often a dump the kernel marks as interrupted (the data changed meanwhile) is restarted.</summary>
    public const int MaxDumpAttempts = 10;

    private readonly INetlinkSocket _socket;
    private readonly Lock _lock = new();
    private readonly MessageWriter _writer = new();
    private uint _sequence;

    public NetlinkConnection(INetlinkSocket socket)
    {
        _socket = socket;
        _sequence = (uint)Environment.TickCount;
    }

    public string Namespace => _socket.Namespace;

    /// <summary>Starts a request; the lock is held until the returned request is disposed.</summary>
    public Request Begin(MessageType type, MessageFlags flags, OperationContext context)
    {
        var scope = _lock.EnterScope();
        try
        {
            ObjectDisposedException.ThrowIf(_socket.IsClosed, this);
            _writer.Reset();
            _writer.BeginMessage(type, flags, ++_sequence);
            return new Request(this, scope, context);
        }
        catch
        {
            scope.Dispose();
            throw;
        }
    }

    public void Dispose() => _socket.Dispose();

    /// <summary>A socket ioctl; it does not take part in the request/reply exchange, so it needs no lock.</summary>
    public unsafe int Ioctl(uint request, void* argument)
    {
        ObjectDisposedException.ThrowIf(_socket.IsClosed, this);
        return _socket.Ioctl(request, argument);
    }

    internal MessageWriter Writer => _writer;

    /// <summary>Sends the request and reads replies up to its end; returns 0 or a positive errno.</summary>
    internal int Exchange<T>(ReplyParser<T>? parser, List<T>? results, out string? kernelMessage, out bool interrupted)
        where T : class
    {
        _writer.EndMessage();
        var sequence = _sequence;
        _socket.Send(_writer.Written);
        interrupted = false;
        var buffer = ArrayPool<byte>.Shared.Rent(ReceiveBufferSize);
        try
        {
            while (true)
            {
                var received = _socket.Receive(buffer);
                var reader = new MessageReader(buffer.AsSpan(0, received));
                while (reader.Next(out var header, out var payload))
                {
                    if (header.Sequence != sequence || header.PortId != _socket.PortId) continue;
                    if ((header.Flags & MessageFlags.DumpInterrupted) != 0) interrupted = true;
                    switch (header.Type)
                    {
                        case MessageType.Error:
                        case MessageType.Done:
                            return ReadStatus(header, payload, out kernelMessage);
                        case MessageType.Noop:
                            continue;
                        case MessageType.Overrun:
                            kernelMessage = null;
                            return Errno.ENOBUFS;
                        default:
                            if (parser?.Invoke(header.Type, payload) is { } item) results?.Add(item);
                            break;
                    }
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Sends the current request again under a new sequence number (after an interrupted dump).</summary>
    internal void Renumber() => _writer.SetSequence(++_sequence);

    /// <summary>Reads the errno of an NLMSG_ERROR or NLMSG_DONE and the kernel's explanation, if any.</summary>
    private static int ReadStatus(in NlMsgHdr header, ReadOnlySpan<byte> payload, out string? kernelMessage)
    {
        kernelMessage = null;
        if (payload.Length < sizeof(int)) return 0;
        var error = -MemoryMarshal.Read<int>(payload);
        if ((header.Flags & MessageFlags.AckTlvs) == 0) return error;

        int attributesStart;
        if (header.Type == MessageType.Done)
        {
            attributesStart = sizeof(int);
        }
        else
        {
            var echoed = MemoryMarshal.Read<NlMsgErr>(payload).Request;
            attributesStart = (header.Flags & MessageFlags.Capped) != 0
                ? NlMsgErr.Size
                : sizeof(int) + MessageWriter.Align((int)echoed.Length);
        }
        if (attributesStart > payload.Length) return error;

        var attributes = new AttributeReader(payload[attributesStart..]);
        while (attributes.Next(out var type, out var value))
            if (type == (ushort)ExtAckAttribute.Message)
                kernelMessage = AttributeValue.String(value);
        return error;
    }
}
