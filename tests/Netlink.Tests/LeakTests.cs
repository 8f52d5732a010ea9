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
    private static int OpenDescriptors() => Directory.GetFiles("/proc/self/fd").Length;

    [SkippableFact]
    public void Ten_thousand_open_operate_dispose_cycles_leave_the_fd_count_unchanged()
    {
        using var scratch = ScratchNamespace.Create();
        scratch.Handle.LinkAdd(new LinkBridge("s1"));
        Cycle(scratch.Name);
        var before = OpenDescriptors();

        for (var i = 0; i < 10_000; i++) Cycle(scratch.Name);

        Assert.Equal(before, OpenDescriptors());
    }

    [SkippableFact]
    public void Failed_operations_and_monitors_leave_the_fd_count_unchanged()
    {
        using var scratch = ScratchNamespace.Create();
        FailAndWatch(scratch.Ns);
        var before = OpenDescriptors();

        for (var i = 0; i < 500; i++) FailAndWatch(scratch.Ns);

        Assert.Equal(before, OpenDescriptors());
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
