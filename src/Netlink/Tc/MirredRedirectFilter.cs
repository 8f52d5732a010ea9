namespace Conlink.Netlink.Tc;

/// <summary>
/// The patch-mode filter: <c>tc filter replace dev X parent ffff: protocol all u32 match u8 0 0
/// action mirred egress redirect dev TARGET</c>. Every packet arriving on X leaves through TARGET.
/// </summary>
public sealed record MirredRedirectFilter(int TargetIndex)
{
    /// <summary>ETH_P_ALL: every protocol.</summary>
    public const ushort AllProtocols = 3;

    public TcHandle Parent { get; init; } = TcHandle.Ingress;

    /// <summary>The filter priority; 0 lets the kernel choose.</summary>
    public ushort Priority { get; init; }

    public ushort Protocol { get; init; } = AllProtocols;
}
