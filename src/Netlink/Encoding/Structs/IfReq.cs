using System.Runtime.InteropServices;

namespace Conlink.Netlink.Encoding.Structs;

/// <summary>struct ifreq (linux/if.h) as SIOCETHTOOL reads it: the interface name, then a pointer to the command.</summary>
[StructLayout(LayoutKind.Sequential, Size = 40)]
internal unsafe struct IfReq
{
    public const int NameSize = 16;

    public fixed byte Name[NameSize];
    public void* Data;
}
