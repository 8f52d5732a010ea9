using System.Runtime.InteropServices;

namespace Conlink.Netlink.Encoding.Structs;

/// <summary><c>struct rtmsg</c>: the fixed header of route messages.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct RtMsg
{
    public byte Family;
    public byte DestinationLength;
    public byte SourceLength;
    public byte Tos;
    /// <summary>Routing table id, or 0 (RT_TABLE_UNSPEC) when it is given in RTA_TABLE.</summary>
    public byte Table;
    public byte Protocol;
    public byte Scope;
    public byte Type;
    public uint Flags;

    public const byte TableUnspec = 0;
    public const byte ProtocolBoot = 3;
    public const byte ScopeUniverse = 0;
    public const byte ScopeLink = 253;
    public const byte ScopeNowhere = 255;
    public const byte TypeUnicast = 1;
    public const uint FlagOnLink = 4;
}
