using System.Runtime.InteropServices;

namespace Conlink.Netlink.Encoding.Structs;

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
