using System.Runtime.InteropServices;

namespace Conlink.Netlink.Encoding.Structs;

/// <summary><c>struct tc_u32_key</c>: match (packet word at Offset &amp; Mask) == Value, in network byte order.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TcU32Key
{
    public uint Mask;
    public uint Value;
    public int Offset;
    public int OffMask;
}
