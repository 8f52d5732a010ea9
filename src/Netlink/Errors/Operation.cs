namespace Conlink.Netlink.Errors;

/// <summary>What the library was doing when the kernel said no.</summary>
public enum Operation
{
    LinkAdd,
    LinkDelete,
    LinkGet,
    LinkList,
    LinkSet,
    LinkRename,
    AddressAdd,
    AddressDelete,
    AddressList,
    RouteAdd,
    RouteReplace,
    RouteDelete,
    RouteList,
    QdiscAdd,
    QdiscReplace,
    QdiscDelete,
    QdiscList,
    FilterReplace,
    FilterDelete,
    FilterList,
    EthtoolGet,
    EthtoolSet,
    NamespaceOpen,
    NamespaceCreate,
    NamespaceDelete,
    NamespaceEnter,
    SocketOpen,
    Send,
    Receive,
}

public static class OperationNames
{
    /// <summary>The operation as a user would type it, e.g. <c>link add</c>.</summary>
    public static string Display(this Operation operation) => operation switch
    {
        Operation.LinkAdd => "link add",
        Operation.LinkDelete => "link delete",
        Operation.LinkGet => "link get",
        Operation.LinkList => "link list",
        Operation.LinkSet => "link set",
        Operation.LinkRename => "link rename",
        Operation.AddressAdd => "address add",
        Operation.AddressDelete => "address delete",
        Operation.AddressList => "address list",
        Operation.RouteAdd => "route add",
        Operation.RouteReplace => "route replace",
        Operation.RouteDelete => "route delete",
        Operation.RouteList => "route list",
        Operation.QdiscAdd => "qdisc add",
        Operation.QdiscReplace => "qdisc replace",
        Operation.QdiscDelete => "qdisc delete",
        Operation.QdiscList => "qdisc list",
        Operation.FilterReplace => "filter replace",
        Operation.FilterDelete => "filter delete",
        Operation.FilterList => "filter list",
        Operation.EthtoolGet => "ethtool get",
        Operation.EthtoolSet => "ethtool set",
        Operation.NamespaceOpen => "namespace open",
        Operation.NamespaceCreate => "namespace create",
        Operation.NamespaceDelete => "namespace delete",
        Operation.NamespaceEnter => "namespace enter",
        Operation.SocketOpen => "netlink socket open",
        Operation.Send => "netlink send",
        Operation.Receive => "netlink receive",
        _ => operation.ToString(),
    };
}
