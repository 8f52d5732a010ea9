using System.Runtime.InteropServices;

namespace Conlink.Netlink.Encoding.Structs;

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
