using System.Net.Sockets;
using Conlink.Netlink.Addresses;
using Conlink.Netlink.Encoding;
using Conlink.Netlink.Encoding.Attributes;
using Conlink.Netlink.Encoding.Structs;
using Conlink.Netlink.Errors;
using Conlink.Netlink.Links;
using Conlink.Netlink.Routes;
using Conlink.Syntax.Routes;

namespace Conlink.Netlink;

public sealed partial class NetlinkHandle
{
    /// <summary>Adds a route; fails with EEXIST when an equal one exists.</summary>
    /// <param name="device">The output interface; without it, the one the route names (<c>dev NAME</c>), if any.</param>
    public void RouteAdd(RouteSpec route, LinkRef? device = null) =>
        ModifyRoute(MessageType.NewRoute, MessageFlags.Create | MessageFlags.Exclusive | MessageFlags.Ack, Operation.RouteAdd, route, device);

    /// <summary>Adds the route or replaces the one with the same destination, table and metric.</summary>
    /// <param name="device">The output interface; without it, the one the route names (<c>dev NAME</c>), if any.</param>
    public void RouteReplace(RouteSpec route, LinkRef? device = null) =>
        ModifyRoute(MessageType.NewRoute, MessageFlags.Create | MessageFlags.Replace | MessageFlags.Ack, Operation.RouteReplace, route, device);

    public void RouteDel(RouteSpec route, LinkRef? device = null) =>
        ModifyRoute(MessageType.DelRoute, MessageFlags.Ack, Operation.RouteDelete, route, device);

    /// <summary>Lists the unicast routes of one family in one table (the main table by default).</summary>
    public IReadOnlyList<Route> RouteList(AddressFamily family = AddressFamily.InterNetwork, uint table = RouteSpec.MainTable)
    {
        using var request = _connection.Begin(MessageType.GetRoute, MessageFlags.Dump, new OperationContext(Operation.RouteList));
        request.Writer.WriteFixed(new RtMsg { Family = AddressEncoding.Family(family), Table = table < 256 ? (byte)table : RtMsg.TableUnspec });
        if (table >= 256) request.Writer.WriteU32(RouteAttribute.Table, table);
        List<Route> routes;
        try
        {
            routes = request.Dump(RouteEncoding.Parse);
        }
        catch (NetlinkException e) when (e.Errno == Native.Errno.ENOENT)
        {
            // Strict dumps of a table the kernel has not made yet (IPv4 before any address or route) fail so: it has no routes.
            return [];
        }
        return routes.FindAll(r => r.Table == table);
    }

    private void ModifyRoute(MessageType type, MessageFlags flags, Operation operation, RouteSpec route, LinkRef? device)
    {
        var output = device ?? (route.Device is { } name ? new LinkRef(name) : (LinkRef?)null);
        int? index = output is { } d ? ResolveIndex(d) : null;
        using var request = _connection.Begin(type, flags, new OperationContext(operation, output ?? default, Subject: route));
        RouteEncoding.Write(request.Writer, route, index, delete: type == MessageType.DelRoute);
        request.Execute();
    }
}
