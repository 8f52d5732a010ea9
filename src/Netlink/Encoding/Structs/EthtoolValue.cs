using System.Runtime.InteropServices;

namespace Conlink.Netlink.Encoding.Structs;

/// <summary>struct ethtool_value (linux/ethtool.h): a command and its one value.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct EthtoolValue
{
    public uint Command;
    public uint Data;
}
