using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Conlink.Netlink.Addresses;
using Conlink.Netlink.Capture;
using Conlink.Netlink.Errors;
using Conlink.Netlink.Links;
using Conlink.Netlink.Tests.Support;

namespace Conlink.Netlink.Tests.Capture;

/// <summary>AF_PACKET capture inside scratch namespaces, of traffic the tests send over a veth pair.</summary>
public sealed class PacketCaptureTests
{
    private const int PingCount = 10;
    /// <summary>An echo request or reply of ping's default 56 data bytes: 14 Ethernet + 20 IPv4 + 8 ICMP + 56.</summary>
    private const int EchoFrameLength = 98;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static (ScratchNamespace A, ScratchNamespace B) Pair(string prefix)
    {
        var a = ScratchNamespace.Create();
        var b = ScratchNamespace.Create();
        a.Handle.LinkAdd(new LinkVeth("eth0", new VethPeer("eth0") { Namespace = b.Ns }) { Up = true });
        b.Handle.LinkSetUp("eth0");
        a.Handle.AddrAdd("eth0", InterfaceAddress.Parse($"{prefix}.1/24"));
        b.Handle.AddrAdd("eth0", InterfaceAddress.Parse($"{prefix}.2/24"));
        return (a, b);
    }

    private static bool IsIcmpEcho(ReadOnlySpan<byte> frame, out byte type)
    {
        type = 0;
        if (frame.Length < 35 || BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) != 0x0800 || frame[23] != 1) return false;
        type = frame[34];
        return type is 0 or 8;
    }

    /// <summary>Reads ICMP echoes until <paramref name="wanted"/> have come, copying what it keeps.</summary>
    private static async Task<List<(CapturedFrame Frame, byte Type)>> CollectEchoes(PacketCapture capture, int wanted, CancellationToken token)
    {
        var echoes = new List<(CapturedFrame, byte)>();
        var buffer = new byte[capture.FrameBufferSize];
        while (echoes.Count < wanted)
        {
            var frame = await capture.ReceiveAsync(buffer, token);
            if (IsIcmpEcho(frame.Data.Span, out var type)) echoes.Add((frame with { Data = frame.Data.ToArray() }, type));
        }
        return echoes;
    }

    [SkippableFact]
    public async Task Echo_requests_and_replies_of_a_ping_are_captured_at_both_ends_with_timestamps_lengths_and_directions()
    {
        var (a, b) = Pair("10.81.0");
        using (a)
        using (b)
        {
            using var atA = PacketCapture.Open(a.Ns, "eth0", new CaptureOptions { SnapLength = 64 });
            using var atB = PacketCapture.Open(b.Ns, "eth0");
            using var timeout = new CancellationTokenSource(Patience);
            var fromA = CollectEchoes(atA, 2 * PingCount, timeout.Token);
            var fromB = CollectEchoes(atB, 2 * PingCount, timeout.Token);
            var before = DateTimeOffset.UtcNow;

            Pings.Send(a, "10.81.0.2", PingCount);

            var echoesA = await fromA;
            var echoesB = await fromB;
            var after = DateTimeOffset.UtcNow;

            // At a (snap length 64): requests go out, replies come in, each cut to 64 of its 98 bytes.
            Assert.Equal(PingCount, echoesA.Count(e => e.Type == 8 && e.Frame.Direction == PacketDirection.Outgoing));
            Assert.Equal(PingCount, echoesA.Count(e => e.Type == 0 && e.Frame.Direction == PacketDirection.Host));
            Assert.All(echoesA, e => Assert.Equal((EchoFrameLength, 64, true), (e.Frame.OriginalLength, e.Frame.CapturedLength, e.Frame.IsTruncated)));
            // At b (full snap length): the other way round, whole.
            Assert.Equal(PingCount, echoesB.Count(e => e.Type == 8 && e.Frame.Direction == PacketDirection.Host));
            Assert.Equal(PingCount, echoesB.Count(e => e.Type == 0 && e.Frame.Direction == PacketDirection.Outgoing));
            Assert.All(echoesB, e => Assert.Equal((EchoFrameLength, EchoFrameLength), (e.Frame.OriginalLength, e.Frame.CapturedLength)));

            var interfaceA = a.Handle.LinkGet("eth0").Index;
            Assert.All(echoesA, e => Assert.Equal((interfaceA, (ushort)0x0800), (e.Frame.InterfaceIndex, e.Frame.Protocol)));
            foreach (var echoes in new[] { echoesA, echoesB })
            {
                Assert.All(echoes, e => Assert.InRange(e.Frame.Timestamp, before.AddSeconds(-1), after.AddSeconds(1)));
                Assert.Equal(echoes.Select(e => e.Frame.TimestampNanoseconds).Order(), echoes.Select(e => e.Frame.TimestampNanoseconds));
            }
            // A reply comes after its request, and within the ping's own wait.
            var firstRequest = echoesA.First(e => e.Type == 8).Frame.TimestampNanoseconds;
            var firstReply = echoesA.First(e => e.Type == 0).Frame.TimestampNanoseconds;
            Assert.InRange(firstReply - firstRequest, 0, 2_000_000_000L);
        }
    }

    [SkippableFact]
    public async Task Frames_that_arrive_while_the_reader_waits_have_their_true_length()
    {
        // The kernel keeps a frame's original length for PACKET_AUXDATA where a MSG_PEEK (how a reader waits) overwrites it.
        const int datagrams = 5, udpFrameLength = 14 + 20 + 8 + 1000;
        var (a, b) = Pair("10.85.0");
        using (a)
        using (b)
        {
            Pings.Send(b, "10.85.0.1", 1); // the neighbours are known: no ARP comes before the datagrams
            using var capture = PacketCapture.Open(a.Ns, "eth0", new CaptureOptions { SnapLength = 64 });
            using var sender = b.Ns.Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp));
            using var timeout = new CancellationTokenSource(Patience);
            var buffer = new byte[capture.FrameBufferSize];

            for (var i = 0; i < datagrams; i++)
            {
                var receiving = Task.Run(async () =>
                {
                    while (true)
                    {
                        var frame = await capture.ReceiveAsync(buffer, timeout.Token);
                        if (frame.Direction == PacketDirection.Host && frame.Protocol == 0x0800 && frame.Data.Span[23] == 17) return frame;
                    }
                });
                await Task.Delay(100); // the reader is waiting when the datagram comes

                sender.SendTo(new byte[1000], new IPEndPoint(IPAddress.Parse("10.85.0.1"), 9));

                var received = await receiving;
                Assert.Equal((udpFrameLength, 64), (received.OriginalLength, received.CapturedLength));
            }
        }
    }

    [SkippableFact]
    public async Task Frames_come_through_the_enumerator_each_in_its_own_array()
    {
        var (a, b) = Pair("10.82.0");
        using (a)
        using (b)
        {
            using var capture = PacketCapture.Open(b.Ns, "eth0");
            using var timeout = new CancellationTokenSource(Patience);
            var reading = Task.Run(async () =>
            {
                var echoes = new List<CapturedFrame>();
                await foreach (var frame in capture.ReadAllAsync(timeout.Token))
                {
                    if (!IsIcmpEcho(frame.Data.Span, out _)) continue;
                    echoes.Add(frame);
                    if (echoes.Count == 2 * PingCount) break;
                }
                return echoes;
            });

            Pings.Send(a, "10.82.0.2", PingCount);

            var frames = await reading;
            Assert.Equal(2 * PingCount, frames.Select(f => f.Data).Distinct().Count());
            Assert.All(frames, f => Assert.True(IsIcmpEcho(f.Data.Span, out _)));
        }
    }

    [SkippableFact]
    public async Task Waiting_for_a_frame_on_a_quiet_link_ends_when_cancelled()
    {
        using var ns = ScratchNamespace.Create();
        ns.Handle.LinkAdd(new LinkVeth("v0", new VethPeer("v1")) { Up = true }); // v1 stays down: no carrier, no traffic
        using var capture = PacketCapture.Open(ns.Ns, "v0");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await capture.ReceiveAsync(new byte[capture.FrameBufferSize], cancel.Token));

        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(150), Patience);
    }

    [SkippableFact]
    public async Task Deleting_the_interface_ends_the_capture_with_an_error_naming_it()
    {
        using var ns = ScratchNamespace.Create();
        ns.Handle.LinkAdd(new LinkVeth("v0", new VethPeer("v1")) { Up = true });
        using var capture = PacketCapture.Open(ns.Ns, "v0");
        using var timeout = new CancellationTokenSource(Patience);
        var receiving = capture.ReceiveAsync(new byte[capture.FrameBufferSize], timeout.Token).AsTask();
        await Task.Delay(100);

        ns.Handle.LinkDel("v0");

        var error = await Assert.ThrowsAsync<NetlinkException>(() => receiving);
        Assert.Equal(("ENETDOWN", Operation.CaptureReceive), (error.ErrnoName, error.Operation));
        Assert.Equal($"interface v0 went away in namespace {ns.Name} while it was being captured", error.Message);
        await Assert.ThrowsAsync<NetlinkException>(async () => await capture.ReceiveAsync(new byte[capture.FrameBufferSize], timeout.Token));
    }

    [SkippableFact]
    public void Capturing_a_missing_interface_names_it()
    {
        using var ns = ScratchNamespace.Create();

        var error = Assert.Throws<NetlinkException>(() => PacketCapture.Open(ns.Ns, "eth9"));

        Assert.Equal($"no interface eth9 in namespace {ns.Name}", error.Message);
    }

    [SkippableFact]
    public async Task A_reader_that_falls_behind_loses_frames_in_the_kernel_and_they_are_counted()
    {
        const int sent = 4000;
        var (a, b) = Pair("10.83.0");
        using (a)
        using (b)
        {
            using var capture = PacketCapture.Open(a.Ns, "eth0", new CaptureOptions { SnapLength = 128, BufferBytes = 64 * 1024 });
            using (var sender = b.Ns.Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp)))
            {
                var payload = new byte[1000];
                var target = new IPEndPoint(IPAddress.Parse("10.83.0.1"), 9);
                for (var i = 0; i < sent; i++) sender.SendTo(payload, target);
            }

            var received = 0;
            var buffer = new byte[capture.FrameBufferSize];
            while (true)
            {
                using var idle = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
                try
                {
                    var frame = await capture.ReceiveAsync(buffer, idle.Token);
                    if (frame.Direction == PacketDirection.Host && frame.OriginalLength == 14 + 20 + 8 + 1000) received++;
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            var statistics = capture.Statistics;
            Assert.True(statistics.Dropped > 0, $"nothing was dropped ({statistics})");
            Assert.InRange(received, 1, sent - 1);
            Assert.True(statistics.Packets >= (ulong)received + statistics.Dropped, $"{statistics} after reading {received}");
        }
    }

    [SkippableFact]
    public async Task A_vlan_tag_the_kernel_took_off_is_put_back_into_the_frame()
    {
        var (a, b) = Pair("10.84.0");
        using (a)
        using (b)
        {
            var macA = a.Handle.LinkGet("eth0").Mac!;
            var macB = b.Handle.LinkGet("eth0").Mac!;
            byte[] frame = [.. macA.GetAddressBytes(), .. macB.GetAddressBytes(), 0x81, 0x00, 0x00, 0x64, 0x88, 0xb5, .. new byte[46]];
            using var capture = PacketCapture.Open(a.Ns, "eth0");
            using var timeout = new CancellationTokenSource(Patience);

            RawFrame.Send(b.Ns, b.Handle.LinkGet("eth0").Index, frame);

            var buffer = new byte[capture.FrameBufferSize];
            CapturedFrame received;
            do received = await capture.ReceiveAsync(buffer, timeout.Token);
            while (!IsOurs(received.Data.Span));
            bool IsOurs(ReadOnlySpan<byte> data) =>
                data.Length >= 18 && data[..6].SequenceEqual(macA.GetAddressBytes()) && data[6..12].SequenceEqual(macB.GetAddressBytes())
                && BinaryPrimitives.ReadUInt16BigEndian(data[12..]) is 0x8100 or 0x88b5; // tagged, or (were the tag lost) the inner type
            Assert.Equal(Convert.ToHexString(frame), Convert.ToHexString(received.Data.Span));
            Assert.Equal(frame.Length, received.OriginalLength);
        }
    }
}
