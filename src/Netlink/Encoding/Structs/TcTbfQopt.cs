using System.Runtime.InteropServices;

namespace Conlink.Netlink.Encoding.Structs;

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
