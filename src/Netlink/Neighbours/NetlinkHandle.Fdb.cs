using Conlink.Netlink.Encoding;
using Conlink.Netlink.Errors;
using Conlink.Netlink.Links;
using Conlink.Netlink.Neighbours;

namespace Conlink.Netlink;

public sealed partial class NetlinkHandle
{
    /// <summary><c>bridge fdb add</c>: adds an entry; fails with EEXIST when the device already has one for that MAC.</summary>
    public void FdbAdd(FdbEntry entry) =>
        ModifyFdb(MessageType.NewNeigh, MessageFlags.Create | MessageFlags.Exclusive | MessageFlags.Ack, Operation.FdbAdd, entry);

    /// <summary>
    /// <c>bridge fdb append</c>: adds one more remote to the MAC's entry of a vxlan (creating it),
    /// so that frames to it (for the all-zeros MAC: every flooded frame) are sent to each remote.
    /// Appending a remote that is already there changes nothing.
    /// </summary>
    public void FdbAppend(FdbEntry entry) =>
        ModifyFdb(MessageType.NewNeigh, MessageFlags.Create | MessageFlags.Append | MessageFlags.Ack, Operation.FdbAppend, entry);

    /// <summary><c>bridge fdb replace</c>: adds the entry or replaces the device's entry for that MAC.</summary>
    public void FdbReplace(FdbEntry entry) =>
        ModifyFdb(MessageType.NewNeigh, MessageFlags.Create | MessageFlags.Replace | MessageFlags.Ack, Operation.FdbReplace, entry);

    /// <summary><c>bridge fdb del</c>: removes the entry; with a destination, only that remote of a vxlan entry.</summary>
    public void FdbDel(FdbEntry entry) =>
        ModifyFdb(MessageType.DelNeigh, MessageFlags.Ack, Operation.FdbDelete, entry);

    /// <summary>
    /// <c>bridge fdb show [dev DEVICE] [br BRIDGE]</c>: the entries of every device, or of one device
    /// (both its own and, for a bridge port, its bridge's), or of one bridge and its ports.
    /// </summary>
    public IReadOnlyList<FdbEntry> FdbList(LinkRef? device = null, LinkRef? bridge = null)
    {
        var deviceIndex = device is { } d ? ResolveIndex(d) : 0;
        var bridgeIndex = bridge is { } b ? ResolveIndex(b) : 0;
        using var request = _connection.Begin(MessageType.GetNeigh, MessageFlags.Dump, new OperationContext(Operation.FdbList, device ?? bridge ?? default));
        FdbEncoding.WriteDump(request.Writer, deviceIndex, bridgeIndex);
        return request.Dump(FdbEncoding.Parse);
    }

    private void ModifyFdb(MessageType type, MessageFlags flags, Operation operation, FdbEntry entry)
    {
        var index = ResolveIndex(entry.Device);
        using var request = _connection.Begin(type, flags, new OperationContext(operation, entry.Device, Subject: entry));
        FdbEncoding.Write(request.Writer, entry, index);
        request.Execute();
    }
}
