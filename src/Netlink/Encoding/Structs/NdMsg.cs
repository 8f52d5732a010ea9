using System.Runtime.InteropServices;

namespace Conlink.Netlink.Encoding.Structs;

/// <summary><c>struct ndmsg</c>: the fixed header of neighbour messages (ARP/ND entries and, with AF_BRIDGE, the FDB).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NdMsg
{
    public byte Family;
    private byte _pad1;
    private ushort _pad2;
    public int Index;
    /// <summary>NUD_* bits.</summary>
    public ushort State;
    /// <summary>NTF_* bits.</summary>
    public byte Flags;
    public byte Type;

    /// <summary>PF_BRIDGE: the family of forwarding database entries.</summary>
    public const byte FamilyBridge = 7;
}
