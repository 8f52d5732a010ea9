using System.Runtime.InteropServices;

namespace Conlink.Netlink.Native;

/// <summary><c>struct sockaddr_nl</c>, which Tmds.LibC does not declare.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SockaddrNl
{
    public ushort Family;
    private ushort _pad;
    /// <summary>Port id; 0 lets the kernel assign one on bind and addresses the kernel on send.</summary>
    public uint Pid;
    /// <summary>Bit mask of legacy multicast groups (RTMGRP_*).</summary>
    public uint Groups;
}
