using System.Collections.Concurrent;
using Conlink.Kernel.Links;

namespace Conlink.Kernel.Traffic;

/// <summary>
/// The container networks the driver has open right now, by container name, so that counters and
/// captures of a container's own end go through the namespace handle conlink already holds (and
/// its in-flight guard), not a new setns per scrape.
/// </summary>
internal sealed class ContainerNetworks
{
    private readonly ConcurrentDictionary<string, KernelContainerNetwork> _open = new(StringComparer.Ordinal);

    public void Opened(string container, KernelContainerNetwork network) => _open[container] = network;

    public void Closed(string container, KernelContainerNetwork network) =>
        _open.TryRemove(new KeyValuePair<string, KernelContainerNetwork>(container, network));

    public KernelContainerNetwork? Find(string container) => _open.GetValueOrDefault(container);
}
