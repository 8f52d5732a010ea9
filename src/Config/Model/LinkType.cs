namespace Conlink.Config.Model;

/// <summary>The kinds of link a user can declare (schema enum of the original).</summary>
public enum LinkType
{
    Veth,
    Dummy,
    Vlan,
    Ipvlan,
    Ipvtap,
    Macvlan,
    Macvtap,
}
