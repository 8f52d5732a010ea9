namespace Conlink.Netlink.Encoding.Attributes;

/// <summary>RTA_* attributes of route messages (linux/rtnetlink.h).</summary>
internal enum RouteAttribute : ushort
{
    Destination = 1,
    Source = 2,
    InputInterface = 3,
    OutputInterface = 4,
    Gateway = 5,
    /// <summary>The metric.</summary>
    Priority = 6,
    PreferredSource = 7,
    Table = 15,
}
