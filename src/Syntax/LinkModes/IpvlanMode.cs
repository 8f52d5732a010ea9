namespace Conlink.Syntax.LinkModes;

/// <summary>The modes of an ipvlan or ipvtap link; the values are the kernel's IPVLAN_MODE_*.</summary>
public enum IpvlanMode : ushort
{
    L2 = 0,
    L3 = 1,
    L3S = 2,
}
