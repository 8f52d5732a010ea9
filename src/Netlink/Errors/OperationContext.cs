using Conlink.Netlink.Addresses;
using Conlink.Netlink.Links;

namespace Conlink.Netlink.Errors;

/// <summary>
/// What a request is about, kept only to explain a failure: the operation, the interface, the kind
/// (link type, qdisc or filter) and the object itself (a route, a new name; an address has its own
/// field so that it is not boxed), formatted only when an error actually needs it.
/// </summary>
internal readonly record struct OperationContext(
    Operation Operation,
    LinkRef Link = default,
    string? Kind = null,
    object? Subject = null,
    InterfaceAddress? Address = null);
