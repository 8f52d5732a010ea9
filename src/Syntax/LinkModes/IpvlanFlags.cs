namespace Conlink.Syntax.LinkModes;

/// <summary>IPVLAN_F_*: how the links of one parent reach each other; bridge is the default (no flag).</summary>
public enum IpvlanFlags : ushort
{
    Bridge = 0,
    Private = 1,
    Vepa = 2,
}
