using System.Buffers.Binary;
using Conlink.Netlink.Errors;
using Conlink.Netlink.Links;
using Conlink.Netlink.Tests.Support;

namespace Conlink.Netlink.Tests.Connection;

/// <summary>How requests and replies are matched, against a scripted kernel.</summary>
public sealed class ConnectionTests
{
    private const ushort DumpInterrupted = 0x10, Multi = 0x2;

    private static uint SequenceOf(byte[] request) => BinaryPrimitives.ReadUInt32LittleEndian(request.AsSpan(8));

    [Fact]
    public void Interrupted_dump_is_restarted_and_only_the_complete_one_is_returned()
    {
        var socket = new ScriptedSocket((sequence, count) => count == 0
            ? [ScriptedSocket.Link(sequence, 1, "lo", Multi | DumpInterrupted), ScriptedSocket.Done(sequence, DumpInterrupted)]
            : [ScriptedSocket.Link(sequence, 1, "lo", Multi), ScriptedSocket.Link(sequence, 2, "eth0", Multi), ScriptedSocket.Done(sequence)]);
        using var handle = new NetlinkHandle(socket);

        var links = handle.LinkList();

        Assert.Equal(["lo", "eth0"], links.Select(l => l.Name));
        Assert.Equal(2, socket.Sent.Count);
        Assert.NotEqual(SequenceOf(socket.Sent[0]), SequenceOf(socket.Sent[1]));
    }

    [Fact]
    public void A_dump_still_interrupted_after_every_retry_fails_instead_of_returning_part_of_the_list()
    {
        var socket = new ScriptedSocket((sequence, _) =>
            [ScriptedSocket.Link(sequence, 1, "lo", Multi | DumpInterrupted), ScriptedSocket.Done(sequence, DumpInterrupted)]);
        using var handle = new NetlinkHandle(socket);

        var error = Assert.Throws<NetlinkException>(() => handle.LinkList());

        Assert.Equal(Conlink.Netlink.Connection.NetlinkConnection.MaxDumpAttempts, socket.Sent.Count);
        Assert.Contains("was interrupted by changes 10 times in a row (NLM_F_DUMP_INTR); its result would be incomplete", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Replies_to_other_sequence_numbers_or_ports_are_ignored()
    {
        var socket = new ScriptedSocket((sequence, _) =>
        [
            ScriptedSocket.Link(sequence - 1, 9, "stale0", Multi),
            ScriptedSocket.Message(16, Multi, sequence, ScriptedSocket.Link(sequence, 8, "other0")[16..], port: 1),
            ScriptedSocket.Link(sequence, 2, "eth0", Multi),
            ScriptedSocket.Done(sequence),
        ]);
        using var handle = new NetlinkHandle(socket);

        Assert.Equal(["eth0"], handle.LinkList().Select(l => l.Name));
    }

    [Fact]
    public void Every_request_gets_a_new_sequence_number()
    {
        var socket = new ScriptedSocket((sequence, _) => [ScriptedSocket.Error(sequence, 0)]);
        using var handle = new NetlinkHandle(socket);

        handle.LinkSetUp(new LinkRef(2));
        handle.LinkSetUp(new LinkRef(2));

        Assert.Equal(SequenceOf(socket.Sent[0]) + 1, SequenceOf(socket.Sent[1]));
    }

    [Fact]
    public void Kernel_explanation_is_kept_and_shown()
    {
        var socket = new ScriptedSocket((sequence, _) => [ScriptedSocket.Error(sequence, 22, "Invalid MTU")]);
        using var handle = new NetlinkHandle(socket);

        var error = Assert.Throws<NetlinkException>(() => handle.LinkSetMtu(new LinkRef(2, "eth0"), 70000));

        Assert.Equal(("EINVAL", "Invalid MTU"), (error.ErrnoName, error.KernelMessage));
        Assert.Equal("link set interface eth0 in namespace scripted was rejected as invalid (kernel: Invalid MTU)", error.Message);
    }

    [Fact]
    public void Targeted_get_of_a_missing_link_is_null_not_an_error()
    {
        var socket = new ScriptedSocket((sequence, _) => [ScriptedSocket.Error(sequence, 19)]);
        using var handle = new NetlinkHandle(socket);

        Assert.Null(handle.LinkFind("eth9"));
    }

    [Fact]
    public void Disposed_handle_refuses_further_requests()
    {
        var handle = new NetlinkHandle(new ScriptedSocket((sequence, _) => [ScriptedSocket.Error(sequence, 0)]));
        handle.Dispose();

        Assert.Throws<ObjectDisposedException>(() => handle.LinkSetUp(new LinkRef(2)));
    }
}
