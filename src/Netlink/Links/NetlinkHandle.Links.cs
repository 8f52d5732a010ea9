using System.Net.NetworkInformation;
using Conlink.Netlink.Encoding;
using Conlink.Netlink.Encoding.Attributes;
using Conlink.Netlink.Errors;
using Conlink.Netlink.Links;
using Conlink.Netlink.Namespaces;
using Conlink.Syntax;

namespace Conlink.Netlink;

public sealed partial class NetlinkHandle
{
    /// <summary>RTEXT_FILTER_SKIP_STATS: replies leave out the statistics unless they are asked for.</summary>
    private const uint SkipStats = 8;

    /// <summary>Creates a link; fails with EEXIST when the name is taken.</summary>
    public void LinkAdd(LinkDefinition link)
    {
        var pins = new NamespacePins();
        try
        {
            link.PinNamespaces(ref pins);
            using var request = _connection.Begin(MessageType.NewLink,
                MessageFlags.Create | MessageFlags.Exclusive | MessageFlags.Ack,
                new OperationContext(Operation.LinkAdd, link.Name, link.Kind));
            LinkEncoding.WriteNewLink(request.Writer, link);
            request.Execute();
        }
        finally
        {
            pins.Dispose();
        }
    }

    /// <summary>Deletes a link (for a veth, both ends).</summary>
    public void LinkDel(LinkRef link)
    {
        using var request = _connection.Begin(MessageType.DelLink, MessageFlags.Ack, new OperationContext(Operation.LinkDelete, link));
        WriteTarget(request.Writer, link, up: null);
        request.Execute();
    }

    /// <summary>Reads one link; throws when it does not exist.</summary>
    public Link LinkGet(LinkRef link) => LinkGet(link, statistics: false);

    /// <summary>Reads one link, with its counters (<see cref="Link.Statistics"/>) when <paramref name="statistics"/>; throws when it does not exist.</summary>
    public Link LinkGet(LinkRef link, bool statistics) => LinkFind(link, statistics) ?? throw Missing(Operation.LinkGet, link);

    /// <summary>Reads one link with a targeted request (not a dump); null when it does not exist.</summary>
    public Link? LinkFind(LinkRef link) => LinkFind(link, statistics: false);

    /// <summary>Like <see cref="LinkFind(LinkRef)"/>, with the link's counters when <paramref name="statistics"/>.</summary>
    public Link? LinkFind(LinkRef link, bool statistics)
    {
        using var request = _connection.Begin(MessageType.GetLink, MessageFlags.Ack, new OperationContext(Operation.LinkGet, link));
        WriteTarget(request.Writer, link, up: null);
        if (!statistics) request.Writer.WriteU32(LinkAttribute.ExtMask, SkipStats);
        return request.Find<Link>(statistics ? LinkParser.ParseWithStatistics : LinkParser.Parse);
    }

    public IReadOnlyList<Link> LinkList() => LinkList(statistics: false);

    /// <summary>Lists every link of the namespace; with <paramref name="statistics"/>, each with its counters, all from one dump.</summary>
    public IReadOnlyList<Link> LinkList(bool statistics)
    {
        using var request = _connection.Begin(MessageType.GetLink, MessageFlags.Dump, new OperationContext(Operation.LinkList));
        request.Writer.WriteFixed(LinkEncoding.Header(index: 0, up: null));
        if (!statistics) request.Writer.WriteU32(LinkAttribute.ExtMask, SkipStats);
        return request.Dump<Link>(statistics ? LinkParser.ParseWithStatistics : LinkParser.Parse);
    }

    /// <summary>Applies several changes to a link in one request.</summary>
    public void LinkSet(LinkRef link, LinkChanges changes)
    {
        if (changes.Name is not null) InterfaceName.Validate(changes.Name, nameof(changes));
        // A rename needs the index: without one the kernel finds the link by IFLA_IFNAME, which then is the new name.
        if (changes.Name is not null && !link.HasIndex) link = new LinkRef(ResolveIndex(link), link.Name);
        var pins = new NamespacePins();
        try
        {
            pins.Pin(changes.Namespace);
            using var request = _connection.Begin(MessageType.NewLink, MessageFlags.Ack,
                new OperationContext(changes.Name is null ? Operation.LinkSet : Operation.LinkRename, link, Subject: changes.Name));
            var writer = request.Writer;
            WriteTarget(writer, link, changes.Up);
            LinkEncoding.WriteSettings(writer, changes.Mac, changes.Mtu, changes.MasterIndex, changes.Namespace);
            if (changes.Name is not null) writer.WriteString(LinkAttribute.IfName, changes.Name);
            if (changes.Alias is not null) writer.WriteString(LinkAttribute.IfAlias, changes.Alias, nulTerminated: false);
            request.Execute();
        }
        finally
        {
            pins.Dispose();
        }
    }

    /// <summary>
    /// Lets the kernel forward IPv4 packets that arrive on this link (its
    /// <c>net.ipv4.conf.DEV.forwarding</c>), through netlink, so it works where /proc/sys is read-only.
    /// </summary>
    public void LinkSetIpv4Forwarding(LinkRef link, bool enabled)
    {
        using var request = _connection.Begin(MessageType.NewLink, MessageFlags.Ack, new OperationContext(Operation.LinkSet, link));
        var writer = request.Writer;
        WriteTarget(writer, link, up: null);
        var spec = writer.BeginNested(LinkAttribute.AfSpec);
        var inet = writer.BeginNested(AfSpecFamily.Inet);
        var conf = writer.BeginNested(InetAttribute.Conf);
        writer.WriteU32(Ipv4DevConf.Forwarding, enabled ? 1u : 0u);
        writer.EndNested(conf);
        writer.EndNested(inet);
        writer.EndNested(spec);
        request.Execute();
    }

    public void LinkSetUp(LinkRef link) => LinkSet(link, new LinkChanges { Up = true });

    public void LinkSetDown(LinkRef link) => LinkSet(link, new LinkChanges { Up = false });

    public void LinkSetMtu(LinkRef link, int mtu) => LinkSet(link, new LinkChanges { Mtu = mtu });

    public void LinkSetMac(LinkRef link, PhysicalAddress mac) => LinkSet(link, new LinkChanges { Mac = mac });

    /// <summary>Renames a link. Kernels before 6.2 refuse to rename a link that is up (EBUSY): set it down first.</summary>
    public void LinkSetName(LinkRef link, string name) => LinkSet(link, new LinkChanges { Name = name });

    /// <summary>Attaches the link to a bridge (or other master) in the same namespace.</summary>
    public void LinkSetMaster(LinkRef link, LinkRef master) =>
        LinkSet(link, new LinkChanges { MasterIndex = ResolveIndex(master) });

    public void LinkSetNoMaster(LinkRef link) => LinkSet(link, new LinkChanges { MasterIndex = 0 });

    /// <summary>Moves the link into another namespace (it keeps its name there).</summary>
    public void LinkSetNetNs(LinkRef link, NetNs ns) => LinkSet(link, new LinkChanges { Namespace = ns });

    /// <summary>Identifies the link: by index in the header, or by IFLA_IFNAME when only the name is known.</summary>
    private static void WriteTarget(MessageWriter writer, LinkRef link, bool? up)
    {
        writer.WriteFixed(LinkEncoding.Header(link.Index, up));
        if (!link.HasIndex) writer.WriteString(LinkAttribute.IfName, link.Name!);
    }
}
