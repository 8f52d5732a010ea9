using System.Runtime.InteropServices;

namespace Conlink.Netlink.Native;

/// <summary>ioctl(2), which Tmds.LibC lacks; any socket serves for the socket ioctls, a netlink one included.</summary>
internal static unsafe partial class Ioctl
{
    /// <summary>SIOCETHTOOL (linux/sockios.h): an ethtool command on the interface named in the ifreq.</summary>
    public const uint SiocEthtool = 0x8946;

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Call(int fd, nuint request, void* argument);
}
