namespace Conlink.Netlink.Encoding.Attributes;

/// <summary>NLMSGERR_ATTR_*: extended ACK attributes after an error reply.</summary>
internal enum ExtAckAttribute : ushort
{
    /// <summary>A human-readable explanation of the error.</summary>
    Message = 1,
    /// <summary>Offset, in the request, of the attribute the kernel rejected.</summary>
    Offset = 2,
}
