namespace Conlink.Netlink.Tc;

/// <summary>A qdisc as the kernel reports it.</summary>
public sealed record Qdisc(int LinkIndex, string Kind, TcHandle Handle, TcHandle Parent);
