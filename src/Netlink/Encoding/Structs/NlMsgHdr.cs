using System.Runtime.InteropServices;

namespace Conlink.Netlink.Encoding.Structs;

/// <summary><c>struct nlmsghdr</c>: every netlink message starts with it.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NlMsgHdr
{
    public const int Size = 16;

    public uint Length;
    public MessageType Type;
    public MessageFlags Flags;
    public uint Sequence;
    public uint PortId;
}
