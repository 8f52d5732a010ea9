using System.Runtime.InteropServices;

namespace Conlink.Netlink.Encoding.Structs;

/// <summary><c>struct tc_mirred</c> (tc_gen fields, then the mirred action and target).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TcMirred
{
    public uint Index;
    public uint Capabilities;
    public int Action;
    public int RefCount;
    public int BindCount;
    public int MirredAction;
    public uint IfIndex;

    /// <summary>TC_ACT_STOLEN: the packet is consumed (redirected), not passed on.</summary>
    public const int ActionStolen = 4;
    /// <summary>TCA_EGRESS_REDIR.</summary>
    public const int EgressRedirect = 1;
}
