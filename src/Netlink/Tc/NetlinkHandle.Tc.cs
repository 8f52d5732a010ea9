using Conlink.Netlink.Encoding;
using Conlink.Netlink.Errors;
using Conlink.Netlink.Links;
using Conlink.Netlink.Tc;
using Conlink.Syntax.Netem;

namespace Conlink.Netlink;

public sealed partial class NetlinkHandle
{
    /// <summary>Adds a qdisc; fails with EEXIST when one is already attached there.</summary>
    public void QdiscAdd(LinkRef link, QdiscSpec qdisc) =>
        ModifyQdisc(link, qdisc, MessageFlags.Create | MessageFlags.Exclusive | MessageFlags.Ack, Operation.QdiscAdd);

    /// <summary>Adds a qdisc or replaces the one attached there.</summary>
    public void QdiscReplace(LinkRef link, QdiscSpec qdisc) =>
        ModifyQdisc(link, qdisc, MessageFlags.Create | MessageFlags.Replace | MessageFlags.Ack, Operation.QdiscReplace);

    /// <summary>Adds a netem qdisc (see <see cref="NetemQdisc"/>).</summary>
    public void QdiscAdd(LinkRef link, NetemSpec netem) => QdiscAdd(link, new NetemQdisc(netem));

    /// <summary>Adds a netem qdisc or replaces the one attached there (see <see cref="NetemQdisc"/>).</summary>
    public void QdiscReplace(LinkRef link, NetemSpec netem) => QdiscReplace(link, new NetemQdisc(netem));

    /// <summary>Deletes the qdisc at <paramref name="parent"/> (the root qdisc by default; <see cref="TcHandle.IngressParent"/> for ingress).</summary>
    public void QdiscDel(LinkRef link, TcHandle? parent = null)
    {
        var index = ResolveIndex(link);
        var at = parent ?? TcHandle.Root;
        using var request = _connection.Begin(MessageType.DelQdisc, MessageFlags.Ack, new OperationContext(Operation.QdiscDelete, link));
        TcEncoding.WriteTarget(request.Writer, index, at, at == TcHandle.IngressParent ? TcHandle.Ingress : TcHandle.None);
        request.Execute();
    }

    /// <summary>Lists qdiscs, of one link when given.</summary>
    public IReadOnlyList<Qdisc> QdiscList(LinkRef? link = null)
    {
        var index = link is { } l ? ResolveIndex(l) : 0;
        using var request = _connection.Begin(MessageType.GetQdisc, MessageFlags.Dump, new OperationContext(Operation.QdiscList, link ?? default));
        TcEncoding.WriteTarget(request.Writer, index, TcHandle.None);
        var qdiscs = request.Dump(TcEncoding.ParseQdisc);
        return index == 0 ? qdiscs : qdiscs.FindAll(q => q.LinkIndex == index);
    }

    /// <summary>Adds the patch-mode redirect filter on <paramref name="link"/>, or replaces it.</summary>
    public void FilterReplace(LinkRef link, MirredRedirectFilter filter)
    {
        var index = ResolveIndex(link);
        using var request = _connection.Begin(MessageType.NewFilter, MessageFlags.Create | MessageFlags.Ack,
            new OperationContext(Operation.FilterReplace, link, "u32"));
        TcEncoding.WriteMirredRedirect(request.Writer, index, filter);
        request.Execute();
    }

    /// <summary>Deletes every filter at <paramref name="parent"/> (of one priority, when given).</summary>
    public void FilterDel(LinkRef link, TcHandle parent, ushort priority = 0)
    {
        var index = ResolveIndex(link);
        using var request = _connection.Begin(MessageType.DelFilter, MessageFlags.Ack, new OperationContext(Operation.FilterDelete, link));
        TcEncoding.WriteTarget(request.Writer, index, parent, info: TcEncoding.FilterInfo(priority, 0));
        request.Execute();
    }

    public IReadOnlyList<Filter> FilterList(LinkRef link, TcHandle parent)
    {
        var index = ResolveIndex(link);
        using var request = _connection.Begin(MessageType.GetFilter, MessageFlags.Dump, new OperationContext(Operation.FilterList, link));
        TcEncoding.WriteTarget(request.Writer, index, parent);
        return request.Dump(TcEncoding.ParseFilter);
    }

    private void ModifyQdisc(LinkRef link, QdiscSpec qdisc, MessageFlags flags, Operation operation)
    {
        var index = ResolveIndex(link);
        using var request = _connection.Begin(MessageType.NewQdisc, flags, new OperationContext(operation, link, qdisc.Kind));
        TcEncoding.WriteQdisc(request.Writer, index, qdisc);
        request.Execute();
    }
}
