using Conlink.Netlink.Encoding;

namespace Conlink.Netlink.Tc;

/// <summary>A qdisc to add or replace: its kind, where it hangs, and its options.</summary>
public abstract record QdiscSpec
{
    /// <summary>The kernel's name for the qdisc, as in <c>tc qdisc add ... KIND</c>.</summary>
    public abstract string Kind { get; }

    public TcHandle Parent { get; init; } = TcHandle.Root;

    /// <summary>The qdisc's own handle; <see cref="TcHandle.None"/> lets the kernel pick one.</summary>
    public TcHandle Handle { get; init; } = TcHandle.None;

    /// <summary>Writes TCA_OPTIONS, when the kind has options.</summary>
    internal abstract void WriteOptions(MessageWriter writer);
}
