using Conlink.Netlink.Addresses;
using Conlink.Netlink.Links;
using Conlink.Netlink.Routes;
using Conlink.Netlink.Tests.Support;

namespace Conlink.Netlink.Tests.Connection;

/// <summary>The per-link requests the engine repeats allocate nothing once warm (buffers are reused).</summary>
public sealed class AllocationTests
{
    private static long AllocatedBy(Action action)
    {
        action();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++) action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Fact]
    public void Setting_a_link_up_and_its_mtu_allocates_nothing()
    {
        using var handle = new NetlinkHandle(new AckingSocket());
        var eth0 = new LinkRef(2, "eth0");

        Assert.Equal(0, AllocatedBy(() => handle.LinkSet(eth0, new LinkChanges { Up = true, Mtu = 9000 })));
    }

    [Fact]
    public void Adding_an_address_and_a_route_allocates_nothing()
    {
        using var handle = new NetlinkHandle(new AckingSocket());
        var eth0 = new LinkRef(2, "eth0");
        var address = InterfaceAddress.Parse("10.0.0.2/24");
        var route = RouteSpec.Parse("default via 10.0.0.1");

        Assert.Equal(0, AllocatedBy(() =>
        {
            handle.AddrAdd(eth0, address);
            handle.RouteAdd(route, eth0);
        }));
    }
}
