using System.Runtime.InteropServices;

namespace Conlink.Netlink.Encoding.Structs;

/// <summary><c>struct ifinfomsg</c>: the fixed header of link messages.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct IfInfoMsg
{
    /// <summary>AF_BRIDGE: a bridge's own view of one of its ports (sent beside the link's, and alone when the port leaves the bridge).</summary>
    public const byte FamilyBridge = 7;

    public byte Family;
    private byte _pad;
    public ushort Type;
    public int Index;
    public uint Flags;
    /// <summary>Which bits of <see cref="Flags"/> the request changes.</summary>
    public uint Change;
}
