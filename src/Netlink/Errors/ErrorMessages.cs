using Conlink.Netlink.Native;
using Conlink.Syntax.Routes;

namespace Conlink.Netlink.Errors;

/// <summary>Turns an errno and what we were doing into a sentence a user can act on.</summary>
internal static class ErrorMessages
{
    public static string Describe(int errno, OperationContext context, string ns, string? kernelMessage)
    {
        var sentence = MissingFeature(errno, context, kernelMessage) is { } feature
            ? MissingFeatureSentence(context, feature, ns)
            : Sentence(errno, context, ns);
        return string.IsNullOrEmpty(kernelMessage) ? sentence : $"{sentence} (kernel: {kernelMessage.TrimEnd('.')})";
    }

    /// <summary>
    /// The kind the kernel does not know, when the error means that. Link types answer EOPNOTSUPP
    /// ("Unknown device type"); qdiscs and filters answer ENOENT ("Specified qdisc kind is unknown").
    /// </summary>
    public static string? MissingFeature(int errno, OperationContext context, string? kernelMessage)
    {
        if (context.Kind is null) return null;
        var unknownKind = kernelMessage is null
            || kernelMessage.Contains("unknown", StringComparison.OrdinalIgnoreCase)
            || kernelMessage.Contains("not found", StringComparison.OrdinalIgnoreCase);
        return context.Operation switch
        {
            Operation.LinkAdd when errno == Errno.EOPNOTSUPP && unknownKind => context.Kind,
            Operation.QdiscAdd or Operation.QdiscReplace or Operation.FilterReplace
                when errno is Errno.ENOENT or Errno.EOPNOTSUPP && unknownKind => context.Kind,
            _ => null,
        };
    }

    private static string MissingFeatureSentence(OperationContext c, string kind, string ns) => c.Operation switch
    {
        Operation.LinkAdd => $"this kernel has no '{kind}' link type (module {LinkModule(kind)} not loaded?): cannot create interface {c.Link} in namespace {ns}",
        Operation.FilterReplace => $"this kernel has no '{kind}' filter (module cls_{kind} not loaded?): cannot add it on {Interface(c)} in namespace {ns}",
        _ => $"this kernel has no '{kind}' qdisc (module sch_{kind} not loaded?): cannot add it on {Interface(c)} in namespace {ns}",
    };

    private static string LinkModule(string kind) => kind switch
    {
        "vlan" => "8021q",
        _ => kind,
    };

    private static string Sentence(int errno, OperationContext c, string ns)
    {
        var what = Subject(c);
        return errno switch
        {
            Errno.ENOENT when c.Operation is Operation.FdbDelete => $"{what} does not exist in namespace {ns}",
            Errno.EOPNOTSUPP when IsFdb(c.Operation) =>
                $"{what}: {Interface(c)} keeps no such entries in namespace {ns} ('master' entries need a bridge port; 'self' entries a device with its own table, such as a vxlan)",
            Errno.EAFNOSUPPORT when IsFdb(c.Operation) =>
                $"{what}: the destination's address family is not the device's in namespace {ns} (a vxlan takes IPv6 remotes only when it has an IPv6 local or remote address)",
            Errno.ENETDOWN when c.Operation is Operation.CaptureReceive =>
                $"interface {Interface(c)} went away in namespace {ns} while it was being captured",
            Errno.EPERM or Errno.EACCES when c.Operation is Operation.CaptureOpen =>
                $"capturing on {Interface(c)} in namespace {ns} was denied: this needs root with CAP_NET_RAW",
            Errno.EBUSY when c.Operation is Operation.LinkRename =>
                $"cannot rename interface {Interface(c)} to {c.Subject} in namespace {ns} while it is up: kernels before 6.2 refuse that (set it down first)",
            Errno.EEXIST => c.Operation is Operation.QdiscAdd
                ? $"{Interface(c)} already has a qdisc there in namespace {ns} (replace it instead)"
                : $"{what} already exists in namespace {ns}",
            Errno.ENODEV when c.Operation is Operation.LinkAdd =>
                $"{what} cannot be created in namespace {ns}: an interface it refers to (parent, master or peer) does not exist",
            Errno.ENODEV => $"no interface {Interface(c)} in namespace {ns}",
            Errno.EACCES when c.Operation is Operation.AddressAdd && c.Address is { Family: System.Net.Sockets.AddressFamily.InterNetworkV6 } =>
                $"{Doing(c, what)} in namespace {ns} was refused: IPv6 is disabled on {Interface(c)} (net.ipv6.conf.{Interface(c)}.disable_ipv6 is 1, "
                + "as Docker sets it in containers without an IPv6 network); give the container the sysctl net.ipv6.conf.all.disable_ipv6=0",
            Errno.EPERM or Errno.EACCES when c.Operation is Operation.NamespaceOpen =>
                $"cannot open network namespace {ns}: permission denied ({Errno.Name(errno)}); it belongs to a process conlink may not enter",
            Errno.EPERM or Errno.EACCES =>
                $"{Doing(c, what)} in namespace {ns} was denied ({Errno.Name(errno)}): this needs CAP_NET_ADMIN (and CAP_SYS_ADMIN for namespaces)",
            Errno.EBUSY => $"{what} is busy in namespace {ns}",
            Errno.ERANGE => $"{Doing(c, what)} in namespace {ns}: a value is out of range (interface names have at most 15 characters)",
            Errno.ENETUNREACH => $"{what} in namespace {ns}: the gateway is not reachable (give the interface an address in the gateway's subnet first, or add 'onlink')",
            Errno.ESRCH when c.Operation is Operation.RouteDelete => $"{what} does not exist in namespace {ns}",
            Errno.EADDRNOTAVAIL when c.Operation is Operation.AddressDelete => $"{what} is not assigned in namespace {ns}",
            Errno.ENOENT when c.Operation is Operation.NamespaceOpen => $"namespace {ns} does not exist (or its process has exited)",
            _ when c.Operation is Operation.NamespaceOpen => $"cannot open network namespace {ns}: {Errno.Describe(errno)} ({Errno.Name(errno)})",
            Errno.ENOENT or Errno.ESRCH => $"{what} not found in namespace {ns}",
            Errno.EAGAIN when c.Operation is Operation.Receive => $"the kernel did not answer within 30 s in namespace {ns}",
            Errno.EINTR => $"{Doing(c, what)} in namespace {ns} was interrupted by changes {Connection.NetlinkConnection.MaxDumpAttempts} times in a row "
                + "(NLM_F_DUMP_INTR); its result would be incomplete, so there is none",
            Errno.EINVAL => $"{Doing(c, what)} in namespace {ns} was rejected as invalid",
            _ => $"{Doing(c, what)} failed in namespace {ns}: {Errno.Describe(errno)} ({Errno.Name(errno)})",
        };
    }

    /// <summary>The operation and what it was about ("link add interface x0"), or the operation alone when it had no subject.</summary>
    private static string Doing(OperationContext c, string what) => what.Length > 0 ? $"{c.Operation.Display()} {what}" : c.Operation.Display();

    private static bool IsFdb(Operation operation) =>
        operation is Operation.FdbAdd or Operation.FdbAppend or Operation.FdbReplace or Operation.FdbDelete;

    private static string Interface(OperationContext c) => c.Link.IsEmpty ? "(no interface)" : c.Link.ToString();

    private static string Subject(OperationContext c) => c.Operation switch
    {
        Operation.AddressAdd or Operation.AddressDelete => $"address {c.Address} on {Interface(c)}",
        Operation.RouteAdd or Operation.RouteReplace or Operation.RouteDelete => c.Subject is RouteSpec { Device: null } route && !c.Link.IsEmpty
            ? $"route '{route} dev {c.Link}'"
            : $"route '{c.Subject}'",
        Operation.QdiscAdd or Operation.QdiscReplace or Operation.QdiscDelete =>
            $"{(c.Kind is null ? "" : c.Kind + " ")}qdisc on {Interface(c)}",
        Operation.FilterReplace or Operation.FilterDelete or Operation.FilterList =>
            $"{(c.Kind is null ? "" : c.Kind + " ")}filter on {Interface(c)}",
        Operation.LinkRename => $"interface {c.Subject}",
        _ when IsFdb(c.Operation) && c.Subject is not null => $"fdb entry {c.Subject}",
        _ when c.Subject is not null => $"{c.Subject}",
        _ when !c.Link.IsEmpty => $"interface {c.Link}",
        _ => "",
    };
}
