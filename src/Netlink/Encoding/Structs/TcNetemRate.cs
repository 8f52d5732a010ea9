using System.Runtime.InteropServices;

namespace Conlink.Netlink.Encoding.Structs;

/// <summary><c>struct tc_netem_rate</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TcNetemRate
{
    public uint Rate;
    public int PacketOverhead;
    public uint CellSize;
    public int CellOverhead;
}
