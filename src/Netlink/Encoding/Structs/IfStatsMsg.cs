using System.Runtime.InteropServices;

namespace Conlink.Netlink.Encoding.Structs;

/// <summary><c>struct if_stats_msg</c>: the fixed header of RTM_GETSTATS requests and RTM_NEWSTATS replies.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct IfStatsMsg
{
    public byte Family;
    private byte _pad1;
    private ushort _pad2;
    public int Index;
    /// <summary>Which IFLA_STATS_* groups to send: bit (group - 1) each.</summary>
    public uint FilterMask;
}
