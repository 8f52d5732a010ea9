namespace Conlink.Netlink.Encoding;

/// <summary><c>nlmsg_flags</c> (linux/netlink.h). Several bits mean different things for GET, NEW and DEL.</summary>
[Flags]
internal enum MessageFlags : ushort
{
    None = 0,
    Request = 0x01,
    Multi = 0x02,
    Ack = 0x04,
    Echo = 0x08,
    DumpInterrupted = 0x10,

    // GET requests
    Dump = 0x300,

    // NEW requests
    Replace = 0x100,
    Exclusive = 0x200,
    Create = 0x400,
    Append = 0x800,

    // ERROR replies
    Capped = 0x100,
    AckTlvs = 0x200,
}
