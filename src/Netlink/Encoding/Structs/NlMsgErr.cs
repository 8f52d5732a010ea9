using System.Runtime.InteropServices;

namespace Conlink.Netlink.Encoding.Structs;

/// <summary>
/// <c>struct nlmsgerr</c>: the payload of an NLMSG_ERROR reply, which is also the ACK when
/// <see cref="Error"/> is 0. With NETLINK_CAP_ACK only the request's header follows, then any
/// extended ACK attributes.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NlMsgErr
{
    public const int Size = 4 + NlMsgHdr.Size;

    /// <summary>A negative errno, or 0 for success.</summary>
    public int Error;
    public NlMsgHdr Request;
}
