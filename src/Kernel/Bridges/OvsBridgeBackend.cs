using Conlink.Actors.Ports;
using Conlink.Kernel.Tools;

namespace Conlink.Kernel.Bridges;

/// <summary>An Open vSwitch bridge, driven through <c>ovs-vsctl</c>; every call is idempotent.</summary>
internal sealed class OvsBridgeBackend(string name) : IBridgeBackend
{
    public Task EnsureAsync(CancellationToken ct) => Task.Run(() => OvsVsctl.Run(OvsVsctl.AddBridge(name)), ct);

    public Task<bool> ExistsAsync(CancellationToken ct) => Task.Run(() =>
    {
        try
        {
            OvsVsctl.Run(["br-exists", name]);
            return true;
        }
        catch (ToolException)
        {
            return false;
        }
    }, ct);

    public Task AttachAsync(string port, IReadOnlyList<string> ports, CancellationToken ct) =>
        Task.Run(() => OvsVsctl.Run(OvsVsctl.AddPort(name, port)), ct);

    public Task DetachAsync(string port, IReadOnlyList<string> remaining, CancellationToken ct) =>
        Task.Run(() => OvsVsctl.Run(OvsVsctl.DeletePort(name, port)), ct);

    public Task DeleteAsync(CancellationToken ct) => Task.Run(() => OvsVsctl.Run(OvsVsctl.DeleteBridge(name)), ct);
}
