using System.Net.NetworkInformation;
using Conlink.Netlink.Encoding;
using Conlink.Netlink.Namespaces;
using Conlink.Syntax;

namespace Conlink.Netlink.Links;

/// <summary>
/// A link to create: what every kind shares. Each kind is a record deriving from this one
/// (<see cref="LinkVeth"/>, <see cref="LinkBridge"/>, ...) and encodes its own IFLA_INFO_DATA.
/// Settings given here are applied by the kernel as part of the creation, in one request.
/// </summary>
public abstract record LinkDefinition
{
    protected LinkDefinition(string name) => Name = InterfaceName.Validate(name);

    public string Name { get; }

    /// <summary>The kernel's name for the link type, as in <c>ip link add ... type KIND</c>.</summary>
    public abstract string Kind { get; }

    public PhysicalAddress? Mac { get; init; }

    public int? Mtu { get; init; }

    /// <summary>Bring the link up as it is created.</summary>
    public bool Up { get; init; }

    /// <summary>The bridge to attach the link to, by index in the handle's namespace.</summary>
    public int? MasterIndex { get; init; }

    /// <summary>Create the link directly in this namespace instead of the handle's.</summary>
    public NetNs? Namespace { get; init; }

    /// <summary>The parent link (IFLA_LINK), by index in the handle's namespace, for kinds that have one.</summary>
    internal virtual int? RequestParentIndex => null;

    /// <summary>Writes IFLA_INFO_DATA when the kind has settings; kinds without any write nothing, as iproute2 does.</summary>
    internal virtual void WriteInfoData(MessageWriter writer) { }

    /// <summary>Keeps every namespace fd this definition refers to open while the request is in flight.</summary>
    internal virtual void PinNamespaces(ref NamespacePins pins) => pins.Pin(Namespace);
}
