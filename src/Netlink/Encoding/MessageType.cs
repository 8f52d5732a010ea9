namespace Conlink.Netlink.Encoding;

/// <summary><c>nlmsg_type</c> values: netlink control messages and the rtnetlink requests we use.</summary>
internal enum MessageType : ushort
{
    Noop = 1,
    Error = 2,
    Done = 3,
    Overrun = 4,

    NewLink = 16,
    DelLink = 17,
    GetLink = 18,
    NewAddr = 20,
    DelAddr = 21,
    GetAddr = 22,
    NewRoute = 24,
    DelRoute = 25,
    GetRoute = 26,
    NewNeigh = 28,
    DelNeigh = 29,
    GetNeigh = 30,
    NewQdisc = 36,
    DelQdisc = 37,
    GetQdisc = 38,
    NewFilter = 44,
    DelFilter = 45,
    GetFilter = 46,
    NewStats = 92,
    GetStats = 94,
}
