using System.Runtime.InteropServices;

namespace Conlink.Netlink.Native;

/// <summary><c>struct sock_filter</c>: one classic BPF instruction.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SockFilter
{
    public ushort Code;
    public byte JumpTrue;
    public byte JumpFalse;
    public uint K;

    /// <summary>BPF_RET | BPF_K: accept the frame, cut to K bytes.</summary>
    public static SockFilter ReturnConstant(uint k) => new() { Code = 0x06, K = k };
}

/// <summary><c>struct sock_fprog</c>: a classic BPF program for SO_ATTACH_FILTER.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SockFprog
{
    public ushort Length;
    public SockFilter* Filter;
}
