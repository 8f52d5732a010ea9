using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using Conlink.Netlink.Encoding;
using Conlink.Netlink.Encoding.Structs;
using Conlink.Netlink.Links;
using Conlink.Netlink.Namespaces;
using Conlink.Netlink.Native;

namespace Conlink.Netlink.Monitor;

/// <summary>
/// Watches the interfaces of one namespace (RTNLGRP_LINK) and reports them appearing, changing
/// and disappearing, so that the engine notices an interface deleted behind its back. Opened with
/// <see cref="Open"/>, events are read asynchronously (no thread of its own) into <see cref="Events"/>;
/// opened with <see cref="OpenPolled"/>, they wait in the socket until <see cref="Poll"/> takes them.
/// Dispose to stop.
/// </summary>
public sealed class LinkMonitor : IDisposable
{
    /// <summary>RTMGRP_LINK: the legacy group bit of RTNLGRP_LINK.</summary>
    private const uint LinkGroup = 1;
    private const int BufferSize = 64 * 1024;
    /// <summary>Datagrams one <see cref="Poll"/> takes at most: more than a full subscriber socket (4 MiB) holds.</summary>
    private const int MaxPolledReads = 1024;

    private readonly Socket _socket;
    private readonly Channel<LinkEvent> _events = Channel.CreateUnbounded<LinkEvent>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly HashSet<int> _known;
    private readonly Task? _reading;

    private LinkMonitor(Socket socket, IEnumerable<int> known, bool polled)
    {
        _socket = socket;
        _known = [.. known];
        if (polled)
        {
            // The descriptor is non-blocking already (O_NONBLOCK); .NET must know before a synchronous receive.
            _socket.Blocking = false;
            _events.Writer.TryComplete();
        }
        else _reading = Task.Run(ReadAsync);
    }

    /// <summary>The events, in the order the kernel sent them; completed when the monitor is disposed.</summary>
    public ChannelReader<LinkEvent> Events => _events.Reader;

    /// <summary>
    /// Starts watching <paramref name="ns"/>. Interfaces present at the start count as known, so
    /// one created while the monitor starts may be reported as changed rather than appeared.
    /// </summary>
    public static LinkMonitor Open(NetNs ns) => Open(ns, polled: false);

    /// <summary>
    /// Starts watching <paramref name="ns"/> without reading: <see cref="Poll"/> takes what is waiting.
    /// The kernel queues a change's notification before the call that made it returns, so a poll sees
    /// every change completed before it.
    /// </summary>
    public static LinkMonitor OpenPolled(NetNs ns) => Open(ns, polled: true);

    /// <summary>The events waiting, oldest first (<see cref="LinkEventKind.EventsLost"/> where the kernel dropped some). Only for <see cref="OpenPolled"/>.</summary>
    public IReadOnlyList<LinkEvent> Poll()
    {
        if (_reading is not null) throw new InvalidOperationException("this monitor reads its events itself: take them from Events");
        var events = new List<LinkEvent>();
        var buffer = new byte[BufferSize];
        for (var reads = 0; _socket.Poll(0, SelectMode.SelectRead); reads++)
        {
            // A namespace changing faster than it is read would keep this loop going: past what the
            // socket can hold, the caller is told to list again instead.
            if (reads == MaxPolledReads)
            {
                events.Add(new LinkEvent(LinkEventKind.EventsLost, null));
                break;
            }
            try
            {
                var received = _socket.Receive(buffer);
                Decode(buffer.AsSpan(0, received), events);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.NoBufferSpaceAvailable)
            {
                events.Add(new LinkEvent(LinkEventKind.EventsLost, null));
            }
        }
        return events;
    }

    private static LinkMonitor Open(NetNs ns, bool polled)
    {
        var socket = ns.Run(() => NetlinkSocket.OpenSubscriber(ns.DisplayName, LinkGroup));
        try
        {
            using var handle = NetlinkHandle.Open(ns);
            var known = new List<int>();
            foreach (var link in handle.LinkList()) known.Add(link.Index);
            return new LinkMonitor(socket, known, polled);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (_stop.IsCancellationRequested) return;
        _stop.Cancel();
        _socket.Dispose();
        try
        {
            _reading?.Wait();
        }
        catch (AggregateException)
        {
            // The read loop ends by cancellation; anything else was already reported through the channel.
        }
        _stop.Dispose();
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[BufferSize];
        try
        {
            while (true)
            {
                int received;
                try
                {
                    received = await _socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.NoBufferSpaceAvailable)
                {
                    _events.Writer.TryWrite(new LinkEvent(LinkEventKind.EventsLost, null));
                    continue;
                }
                Publish(buffer.AsSpan(0, received));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException || _stop.IsCancellationRequested)
        {
            _events.Writer.TryComplete();
        }
        catch (Exception e)
        {
            _events.Writer.TryComplete(e);
        }
    }

    private void Publish(ReadOnlySpan<byte> datagram)
    {
        var events = new List<LinkEvent>();
        Decode(datagram, events);
        foreach (var e in events) _events.Writer.TryWrite(e);
    }

    private void Decode(ReadOnlySpan<byte> datagram, List<LinkEvent> events)
    {
        var reader = new MessageReader(datagram);
        while (reader.Next(out var header, out var payload))
        {
            // A port leaving its bridge comes with an AF_BRIDGE RTM_DELLINK: the interface itself is still there.
            if (payload.Length >= Marshal.SizeOf<IfInfoMsg>() && MemoryMarshal.Read<IfInfoMsg>(payload).Family == IfInfoMsg.FamilyBridge) continue;
            if (LinkParser.Parse(header.Type, payload) is not { } link) continue;
            LinkEventKind kind;
            if (header.Type == MessageType.DelLink)
            {
                _known.Remove(link.Index);
                kind = LinkEventKind.Disappeared;
            }
            else
            {
                kind = _known.Add(link.Index) ? LinkEventKind.Appeared : LinkEventKind.Changed;
            }
            events.Add(new LinkEvent(kind, link));
        }
    }
}
