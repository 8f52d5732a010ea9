using System.Net.Sockets;
using Conlink.Netlink.Addresses;
using Conlink.Netlink.Encoding;
using Conlink.Netlink.Encoding.Structs;
using Conlink.Netlink.Errors;
using Conlink.Netlink.Links;

namespace Conlink.Netlink;

public sealed partial class NetlinkHandle
{
    /// <summary>Adds an address to a link; fails with EEXIST when it is already there.</summary>
    public void AddrAdd(LinkRef link, InterfaceAddress address) => AddrAdd(link, address, AddressFlags.None);

    /// <summary>
    /// Adds an address with flags, such as <see cref="AddressFlags.NoDad"/> (<c>ip addr add ... nodad</c>):
    /// an IPv6 address that skips duplicate address detection is usable at once instead of tentative.
    /// </summary>
    public void AddrAdd(LinkRef link, InterfaceAddress address, AddressFlags flags) =>
        ModifyAddress(MessageType.NewAddr, MessageFlags.Create | MessageFlags.Exclusive | MessageFlags.Ack, Operation.AddressAdd, link, address, flags);

    public void AddrDel(LinkRef link, InterfaceAddress address) =>
        ModifyAddress(MessageType.DelAddr, MessageFlags.Ack, Operation.AddressDelete, link, address);

    /// <summary>Lists addresses, of one link and one family when given (the kernel filters).</summary>
    public IReadOnlyList<LinkAddress> AddrList(LinkRef? link = null, AddressFamily family = AddressFamily.Unspecified)
    {
        var index = link is { } l ? ResolveIndex(l) : 0;
        using var request = _connection.Begin(MessageType.GetAddr, MessageFlags.Dump, new OperationContext(Operation.AddressList, link ?? default));
        request.Writer.WriteFixed(new IfAddrMsg { Family = AddressEncoding.Family(family), Index = index });
        return request.Dump(AddressEncoding.Parse);
    }

    private void ModifyAddress(MessageType type, MessageFlags flags, Operation operation, LinkRef link, InterfaceAddress address,
        AddressFlags addressFlags = AddressFlags.None)
    {
        var index = ResolveIndex(link);
        using var request = _connection.Begin(type, flags, new OperationContext(operation, link, Address: address));
        AddressEncoding.Write(request.Writer, index, address, addressFlags);
        request.Execute();
    }
}
