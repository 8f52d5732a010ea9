namespace Conlink.Kernel.Features;

/// <summary>
/// Something a config can need from the kernel, with the module that provides it and how to find out
/// whether this kernel has it (see <see cref="KernelFeatureProbe"/>).
/// </summary>
public sealed record KernelFeature(string Name, string Module, KernelFeatureKind Kind)
{
    public static readonly KernelFeature Veth = new("veth", "veth", KernelFeatureKind.LinkType);
    public static readonly KernelFeature Bridge = new("bridge", "bridge", KernelFeatureKind.LinkType);
    public static readonly KernelFeature Dummy = new("dummy", "dummy", KernelFeatureKind.LinkType);
    public static readonly KernelFeature Vlan = new("vlan", "8021q", KernelFeatureKind.LinkType);
    public static readonly KernelFeature Macvlan = new("macvlan", "macvlan", KernelFeatureKind.LinkType);
    public static readonly KernelFeature Macvtap = new("macvtap", "macvtap", KernelFeatureKind.LinkType);
    public static readonly KernelFeature Ipvlan = new("ipvlan", "ipvlan", KernelFeatureKind.LinkType);
    public static readonly KernelFeature Ipvtap = new("ipvtap", "ipvtap", KernelFeatureKind.LinkType);
    public static readonly KernelFeature Vxlan = new("vxlan", "vxlan", KernelFeatureKind.LinkType);
    public static readonly KernelFeature Geneve = new("geneve", "geneve", KernelFeatureKind.LinkType);
    public static readonly KernelFeature Netem = new("netem", "sch_netem", KernelFeatureKind.Netem);
    public static readonly KernelFeature TcMirred = new("tc ingress + u32 + mirred", "sch_ingress cls_u32 act_mirred", KernelFeatureKind.TcMirred);
    public static readonly KernelFeature IptablesNat = new("iptables nat", "iptable_nat", KernelFeatureKind.IptablesNat);
    public static readonly KernelFeature Ip6tablesNat = new("ip6tables nat", "ip6table_nat", KernelFeatureKind.Ip6tablesNat);
    public static readonly KernelFeature Openvswitch = new("openvswitch", "openvswitch", KernelFeatureKind.LoadedModule);

    /// <summary>Every feature, in the order doctor lists them.</summary>
    public static IReadOnlyList<KernelFeature> All { get; } =
        [Veth, Bridge, Dummy, Vlan, Macvlan, Macvtap, Ipvlan, Ipvtap, Vxlan, Geneve, Netem, TcMirred, IptablesNat, Ip6tablesNat, Openvswitch];

    /// <summary>What to run to get it: <c>modprobe</c> of each module.</summary>
    public string LoadCommand => string.Join("; ", Module.Split(' ').Select(m => "modprobe " + m));
}

public enum KernelFeatureKind
{
    /// <summary>An interface type: <c>ip link add ... type NAME</c> works.</summary>
    LinkType,
    /// <summary>The netem qdisc can be added.</summary>
    Netem,
    /// <summary>An ingress qdisc with a u32 filter whose action is a mirred redirect (patch bridges).</summary>
    TcMirred,
    /// <summary>iptables can list the nat table.</summary>
    IptablesNat,
    /// <summary>ip6tables can list the nat table (IPv6 nat and forwards).</summary>
    Ip6tablesNat,
    /// <summary>Only usable once loaded, and never loaded by conlink (Open vSwitch's datapath).</summary>
    LoadedModule,
}
