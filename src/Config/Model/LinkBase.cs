namespace Conlink.Config.Model;

/// <summary>Which namespace holds the outer side of a link.</summary>
public enum LinkBase
{
    /// <summary>The outer end lives in conlink's bridge namespace (veth).</summary>
    Conlink,
    /// <summary>The link is a child of a host interface (the *vlan/*vtap types).</summary>
    Host,
    /// <summary>The link exists only inside the container (dummy).</summary>
    Local,
}
