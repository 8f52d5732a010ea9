using System.Runtime.InteropServices;

namespace Conlink.Netlink.Encoding.Structs;

/// <summary><c>struct tcmsg</c>: the fixed header of qdisc and filter messages.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TcMsg
{
    public byte Family;
    private byte _pad1;
    private ushort _pad2;
    public int Index;
    public uint Handle;
    public uint Parent;
    /// <summary>For filters: priority in the high 16 bits, protocol (network byte order) in the low 16.</summary>
    public uint Info;
}
