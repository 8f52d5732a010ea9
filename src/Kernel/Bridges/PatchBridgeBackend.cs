using Conlink.Actors.Ports;
using Conlink.Netlink.Errors;
using Conlink.Netlink.Tc;

namespace Conlink.Kernel.Bridges;

/// <summary>
/// A "bridge" of exactly two ports joined by tc: every packet arriving on one port is redirected
/// out of the other (ingress qdisc + u32 match-all + mirred), so even BPDUs and LLDP pass.
/// </summary>
internal sealed class PatchBridgeBackend(KernelContext kernel, string name) : IBridgeBackend
{
    public Task EnsureAsync(CancellationToken ct) => Task.CompletedTask;

    public Task<bool> ExistsAsync(CancellationToken ct) => Task.FromResult(true);

    public Task AttachAsync(string port, IReadOnlyList<string> ports, CancellationToken ct) => kernel.RunAsync(() =>
    {
        if (ports.Count != 2) return;
        Redirect(ports[0], ports[1]);
        Redirect(ports[1], ports[0]);
    }, ct);

    public Task DetachAsync(string port, IReadOnlyList<string> remaining, CancellationToken ct) => kernel.RunAsync(() =>
    {
        foreach (var peer in remaining.Append(port)) ClearQuietly(peer);
    }, ct);

    public Task DeleteAsync(CancellationToken ct) => Task.CompletedTask;

    private void Redirect(string from, string to)
    {
        var handle = kernel.BridgeHandle;
        var recorder = kernel.Recorder(null, $"{name}:{from}");
        var target = recorder.Do(handle, "link-get " + to, () => handle.LinkGet(to));
        recorder.Do(handle, "qdisc-replace ingress dev " + from, () => handle.QdiscReplace(from, new IngressQdisc()));
        recorder.Do(handle, "filter-del ingress dev " + from, () => handle.FilterDel(from, TcHandle.Ingress));
        recorder.Do(handle, $"filter-replace u32 mirred {from} -> {to}", () => handle.FilterReplace(from, new MirredRedirectFilter(target.Index)));
    }

    private void ClearQuietly(string port)
    {
        try
        {
            kernel.BridgeHandle.QdiscDel(port, TcHandle.IngressParent);
        }
        catch (NetlinkException e) when (e.NotFound || e.Errno == 22)
        {
            // Gone with its container, or never patched.
        }
    }
}
