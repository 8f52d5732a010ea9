using System.Globalization;

namespace Conlink.Netlink.Tc;

/// <summary>A qdisc or class handle, <c>MAJOR:MINOR</c> in hex, or one of the special parents.</summary>
public readonly record struct TcHandle(uint Value)
{
    /// <summary>The root of a device's egress (TC_H_ROOT).</summary>
    public static readonly TcHandle Root = new(0xFFFFFFFF);

    /// <summary>The ingress hook, parent of the ingress qdisc (TC_H_INGRESS).</summary>
    public static readonly TcHandle IngressParent = new(0xFFFFFFF1);

    /// <summary><c>ffff:</c>: the ingress qdisc itself, parent of ingress filters.</summary>
    public static readonly TcHandle Ingress = new(0xFFFF0000);

    /// <summary>No handle: the kernel picks one.</summary>
    public static readonly TcHandle None = new(0);

    public ushort Major => (ushort)(Value >> 16);

    public ushort Minor => (ushort)Value;

    public override string ToString() => Value switch
    {
        0xFFFFFFFF => "root",
        0xFFFFFFF1 => "ingress",
        0 => "none",
        _ => Minor == 0 ? $"{Major:x}:" : $"{Major:x}:{Minor.ToString("x", CultureInfo.InvariantCulture)}",
    };
}
