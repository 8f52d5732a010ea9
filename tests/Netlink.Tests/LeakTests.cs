using Conlink.Netlink.Capture;
using Conlink.Netlink.Errors;
using Conlink.Netlink.Links;
using Conlink.Netlink.Monitor;
using Conlink.Netlink.Namespaces;
using Conlink.Netlink.Tests.Support;

namespace Conlink.Netlink.Tests;

[CollectionDefinition(nameof(FileDescriptorCount), DisableParallelization = true)]
public sealed class FileDescriptorCount;

/// <summary>Runs alone (no parallel test opens or closes descriptors meanwhile) and counts this process's fds.</summary>
[Collection(nameof(FileDescriptorCount))]
public sealed class LeakTests
{
    /// <summary>
    /// What each open socket, namespace, pipe and anonymous descriptor points to, after finalizers
    /// have closed whatever is garbage. Regular files are left out: the runtime maps assemblies lazily.
    /// </summary>
    private static List<string> OpenDescriptors()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return [.. Directory.GetFiles("/proc/self/fd").Select(fd => new FileInfo(fd).LinkTarget ?? "?")
            .Where(target => !target.StartsWith('/')).Order()];
    }

    private static void AssertSame(List<string> before, List<string> after)
    {
        var opened = after.ToList();
        var closed = before.Where(target => !opened.Remove(target)).ToList();
        Assert.True(opened.Count == 0 && closed.Count == 0,
            $"descriptors opened: [{string.Join(", ", opened)}], closed: [{string.Join(", ", closed)}]");
    }

    [SkippableFact]
    public void Ten_thousand_open_operate_dispose_cycles_leave_the_fd_count_unchanged()
    {
        using var scratch = ScratchNamespace.Create();
        scratch.Handle.LinkAdd(new LinkBridge("s1"));
        Cycle(scratch.Name);
        var before = OpenDescriptors();

        for (var i = 0; i < 10_000; i++) Cycle(scratch.Name);

        AssertSame(before, OpenDescriptors());
    }

    [SkippableFact]
    public void Failed_operations_and_monitors_leave_the_fd_count_unchanged()
    {
        using var scratch = ScratchNamespace.Create();
        FailAndWatch(scratch.Ns);
        var before = OpenDescriptors();

        for (var i = 0; i < 500; i++) FailAndWatch(scratch.Ns);

        AssertSame(before, OpenDescriptors());
    }

    [SkippableFact]
    public async Task Captures_opened_waited_on_cancelled_and_failed_leave_the_fd_count_unchanged()
    {
        using var scratch = ScratchNamespace.Create();
        scratch.Handle.LinkAdd(new LinkVeth("v0", new VethPeer("v1")) { Up = true });
        await CaptureAndCancel(scratch.Ns);
        var before = OpenDescriptors();

        for (var i = 0; i < 300; i++) await CaptureAndCancel(scratch.Ns);

        AssertSame(before, OpenDescriptors());
    }

    private static async Task CaptureAndCancel(NetNs ns)
    {
        using (var capture = PacketCapture.Open(ns, "v0"))
        {
            using var cancel = new CancellationTokenSource();
            var waiting = capture.ReceiveAsync(new byte[capture.FrameBufferSize], cancel.Token).AsTask();
            cancel.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        }
        Assert.Throws<NetlinkException>(() => PacketCapture.Open(ns, "missing0"));
    }

    private static void Cycle(string name)
    {
        using var ns = NetNs.OpenNamed(name);
        using var handle = NetlinkHandle.Open(ns);
        handle.LinkSetUp("s1");
        Assert.True(handle.LinkGet("s1").IsUp);
    }

    private static void FailAndWatch(NetNs ns)
    {
        using var handle = NetlinkHandle.Open(ns);
        Assert.Throws<NetlinkException>(() => handle.LinkGet("missing0"));
        Assert.Throws<NetlinkException>(() => handle.LinkAdd(new LinkBridge("lo")));
        using var monitor = LinkMonitor.Open(ns);
    }
}
