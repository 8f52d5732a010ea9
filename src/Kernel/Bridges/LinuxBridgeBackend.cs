using Conlink.Actors.Ports;
using Conlink.Netlink.Errors;
using Conlink.Netlink.Links;

namespace Conlink.Kernel.Bridges;

/// <summary>A Linux bridge in the bridge namespace; an existing bridge of that name is adopted.</summary>
internal sealed class LinuxBridgeBackend(KernelContext kernel, string name) : IBridgeBackend
{
    public Task EnsureAsync(CancellationToken ct) => kernel.RunAsync(() =>
    {
        var handle = kernel.BridgeHandle;
        var recorder = kernel.Recorder(null, null);
        var existing = recorder.Do(handle, "link-get " + name, () => handle.LinkFind(name));
        if (existing is null)
        {
            recorder.Do(handle, "link-add bridge " + name, () => handle.LinkAdd(new LinkBridge(name) { Up = true }));
            return;
        }
        if (existing.Kind != "bridge")
            throw new InvalidOperationException($"interface {name} exists in namespace {handle.Namespace} but is a {existing.Kind ?? "device"}, not a bridge");
        if (!existing.IsUp) recorder.Do(handle, "link-set-up " + name, () => handle.LinkSetUp(existing));
    }, ct);

    public Task<bool> ExistsAsync(CancellationToken ct) =>
        kernel.RunAsync(() => kernel.BridgeHandle.LinkFind(name) is { Kind: "bridge" }, ct);

    public Task AttachAsync(string port, IReadOnlyList<string> ports, CancellationToken ct) => kernel.RunAsync(() =>
    {
        var handle = kernel.BridgeHandle;
        kernel.Recorder(null, null).Do(handle, $"link-set-master {port} {name}",
            () => handle.LinkSetMaster(port, name));
    }, ct);

    public Task DetachAsync(string port, IReadOnlyList<string> remaining, CancellationToken ct) => kernel.RunAsync(() =>
    {
        try
        {
            var handle = kernel.BridgeHandle;
            kernel.Recorder(null, null).Do(handle, $"link-set-nomaster {port}", () => handle.LinkSetNoMaster(port));
        }
        catch (NetlinkException e) when (e.NotFound)
        {
            // The port went away with its container; nothing to detach.
        }
    }, ct);

    public Task DeleteAsync(CancellationToken ct) => kernel.RunAsync(() =>
    {
        try
        {
            var handle = kernel.BridgeHandle;
            kernel.Recorder(null, null).Do(handle, "link-del " + name, () => handle.LinkDel(name));
        }
        catch (NetlinkException e) when (e.NotFound)
        {
        }
    }, ct);
}
