namespace Conlink.Netlink.Tc;

/// <summary>
/// A filter as the kernel reports it. For u32 only the filters proper are listed, not the hash
/// tables u32 creates around them. <see cref="RedirectIndex"/> is set when the filter's action is
/// a mirred egress redirect.
/// </summary>
public sealed record Filter(int LinkIndex, string Kind, TcHandle Parent, ushort Priority, ushort Protocol, uint Handle, int? RedirectIndex);
