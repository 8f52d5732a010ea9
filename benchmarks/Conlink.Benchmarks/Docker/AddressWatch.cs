using System.Net;
using System.Net.Sockets;
using Conlink.Netlink;
using Conlink.Netlink.Monitor;
using Conlink.Netlink.Namespaces;

namespace Conlink.Benchmarks.Docker;

/// <summary>
/// Notices the moment an interface of a container's namespace is up with its address, from link
/// notifications (so that watching a hundred containers costs conlink no CPU), checking the
/// address at each notification and once right after opening, in case it was there already.
/// conlink adds the address before it sets the link up, so "up" is the notification that counts.
/// </summary>
internal sealed class AddressWatch : IDisposable
{
    private readonly NetNs _ns;
    private readonly NetlinkHandle _handle;
    private readonly LinkMonitor _monitor;
    private readonly string _dev;
    private readonly IPAddress _address;

    public AddressWatch(int pid, string dev, IPAddress address)
    {
        _ns = NetNs.OfProcess(pid);
        _handle = NetlinkHandle.Open(_ns);
        _monitor = LinkMonitor.Open(_ns);
        _dev = dev;
        _address = address;
    }

    /// <summary>When the address was first seen on the interface, up.</summary>
    public async Task<DateTimeOffset> WhenAddressedAsync(CancellationToken ct)
    {
        if (IsAddressed()) return DateTimeOffset.UtcNow;
        await foreach (var e in _monitor.Events.ReadAllAsync(ct))
        {
            if (e.Link is { } link && link.Name == _dev && link.IsUp && IsAddressed()) return DateTimeOffset.UtcNow;
        }
        throw new InvalidOperationException($"the link monitor of {_ns.DisplayName} stopped before {_dev} had {_address}");
    }

    private bool IsAddressed() =>
        _handle.LinkFind(_dev) is { IsUp: true } link
        && _handle.AddrList(link, AddressFamily.InterNetwork).Any(a => a.Address.Address.Equals(_address));

    public void Dispose()
    {
        _monitor.Dispose();
        _handle.Dispose();
        _ns.Dispose();
    }
}
