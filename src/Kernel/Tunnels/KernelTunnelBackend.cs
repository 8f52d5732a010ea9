using System.Net;
using Conlink.Actors.Ports;
using Conlink.Config.Model;
using Conlink.Netlink.Errors;
using Conlink.Netlink.Links;
using Conlink.Netlink.Tc;

namespace Conlink.Kernel.Tunnels;

/// <summary>
/// A vxlan or geneve interface made in the underlay namespace and placed directly in the bridge
/// namespace, so its UDP socket stays where the underlay is while its frames join the bridge.
/// Its operations run one after another in the order they were asked for, so a delete asked for
/// while a create is still running deletes what the create made.
/// </summary>
internal sealed class KernelTunnelBackend(KernelContext kernel, TunnelSpec tunnel) : ITunnelBackend
{
    /// <summary>The IANA port of geneve, which the kernel uses unless told otherwise.</summary>
    private const ushort GenevePort = 6081;

    private readonly Lock _gate = new();
    private Task _last = Task.CompletedTask;

    public Task EnsureAsync(CancellationToken ct) => Serially(() =>
    {
        var bridge = kernel.BridgeHandle;
        var recorder = kernel.Recorder(null, tunnel.LinkId);
        var kind = tunnel.Type.ToString().ToLowerInvariant();
        var existing = recorder.Do(bridge, "link-get " + tunnel.Dev, () => bridge.LinkFind(tunnel.Dev));
        // An existing tunnel is adopted only as configured: after a config change (another remote,
        // VNI or port) the old one is replaced.
        if (existing is not null && (existing.Kind != kind || !Matches(existing.Tunnel)))
        {
            recorder.Do(bridge, "link-del " + tunnel.Dev, () => bridge.LinkDel(existing));
            existing = null;
        }
        if (existing is null)
        {
            var underlay = kernel.UnderlayHandle;
            var options = kernel.Options;
            var placeInBridge = kernel.UnderlayIsBridgeNamespace ? null : kernel.BridgeNamespace;
            var underlayIndex = options.TunnelDevice is { } dev
                ? recorder.Do(underlay, "link-get " + dev, () => underlay.LinkGet(dev)).Index
                : (int?)null;
            LinkDefinition definition = tunnel.Type switch
            {
                TunnelType.Vxlan => new LinkVxlan(tunnel.Dev, (uint)tunnel.Vni)
                {
                    Remote = tunnel.Remote, Local = LocalFor(options), Port = options.VxlanPort, UnderlayIndex = underlayIndex,
                },
                _ => new LinkGeneve(tunnel.Dev, (uint)tunnel.Vni, tunnel.Remote),
            };
            definition = definition with { Namespace = placeInBridge };
            try
            {
                recorder.Do(underlay, $"link-add {kind} {tunnel.Dev} remote {tunnel.Remote} id {tunnel.Vni}", () => underlay.LinkAdd(definition));
            }
            catch (NetlinkException e) when (e.MissingFeature is { } feature)
            {
                throw new MissingKernelFeatureException(feature, e.Message, e);
            }
        }
        recorder.Do(bridge, "link-set-up " + tunnel.Dev, () => bridge.LinkSetUp(tunnel.Dev));
        if (tunnel.Netem is { Spec: var netem })
            recorder.Do(bridge, $"qdisc-replace netem {netem} dev {tunnel.Dev}", () => bridge.QdiscReplace(tunnel.Dev, netem));
    }, ct);

    public Task DeleteAsync(CancellationToken ct) => Serially(() =>
    {
        try
        {
            kernel.BridgeHandle.LinkDel(tunnel.Dev);
        }
        catch (NetlinkException e) when (e.NotFound)
        {
        }
    }, ct);

    private Task Serially(Action work, CancellationToken ct)
    {
        lock (_gate)
        {
            var next = _last.ContinueWith(_ => kernel.RunAsync(work, ct), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
            _last = next;
            return next;
        }
    }

    /// <summary>
    /// <c>--tunnel-local</c> applies to tunnels of its own family: a vxlan's local and remote must be
    /// both IPv4 or both IPv6, so an IPv6 remote with an IPv4 --tunnel-local lets the route decide.
    /// </summary>
    private IPAddress? LocalFor(KernelDriverOptions options) =>
        options.TunnelLocal is { } local && local.AddressFamily == tunnel.Remote.AddressFamily ? local : null;

    private bool Matches(TunnelEndpoint? existing) =>
        existing is not null && existing.Vni == (uint)tunnel.Vni && tunnel.Remote.Equals(existing.Remote)
        && existing.Port == (tunnel.Type == TunnelType.Vxlan ? kernel.Options.VxlanPort : GenevePort);
}
