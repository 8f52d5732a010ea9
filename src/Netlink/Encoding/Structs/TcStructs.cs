using System.Runtime.InteropServices;

namespace Conlink.Netlink.Encoding.Structs;

/// <summary><c>struct tc_netem_qopt</c>: the fixed part of netem's TCA_OPTIONS. Times are in scheduler ticks.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TcNetemQopt
{
    public uint Latency;
    public uint Limit;
    public uint Loss;
    public uint Gap;
    public uint Duplicate;
    public uint Jitter;
}

/// <summary><c>struct tc_netem_corr</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TcNetemCorr
{
    public uint DelayCorrelation;
    public uint LossCorrelation;
    public uint DuplicateCorrelation;
}

/// <summary><c>struct tc_netem_reorder</c> and <c>struct tc_netem_corrupt</c>, which share this layout.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TcNetemProbability
{
    public uint Probability;
    public uint Correlation;
}

/// <summary><c>struct tc_netem_rate</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TcNetemRate
{
    public uint Rate;
    public int PacketOverhead;
    public uint CellSize;
    public int CellOverhead;
}

/// <summary><c>struct tc_netem_slot</c>. Times are in nanoseconds.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TcNetemSlot
{
    public long MinDelay;
    public long MaxDelay;
    public int MaxPackets;
    public int MaxBytes;
    public long DistributionDelay;
    public long DistributionJitter;
}

/// <summary><c>struct tc_ratespec</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TcRateSpec
{
    public byte CellLog;
    public byte LinkLayer;
    public ushort Overhead;
    public short CellAlign;
    public ushort Mpu;
    public uint Rate;

    public const byte LinkLayerEthernet = 1;
}

/// <summary><c>struct tc_tbf_qopt</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TcTbfQopt
{
    public TcRateSpec Rate;
    public TcRateSpec PeakRate;
    public uint Limit;
    /// <summary>The bucket, as the time in ticks to send it at the rate.</summary>
    public uint Buffer;
    public uint Mtu;
}

/// <summary><c>struct tc_u32_sel</c> without its trailing keys.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TcU32Sel
{
    public byte Flags;
    public byte OffShift;
    public byte KeyCount;
    private byte _pad;
    public ushort OffMask;
    public ushort Off;
    public short OffOff;
    public short HashOff;
    public uint HashMask;

    public const byte Terminal = 1;
}

/// <summary><c>struct tc_u32_key</c>: match (packet word at Offset &amp; Mask) == Value, in network byte order.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TcU32Key
{
    public uint Mask;
    public uint Value;
    public int Offset;
    public int OffMask;
}

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
