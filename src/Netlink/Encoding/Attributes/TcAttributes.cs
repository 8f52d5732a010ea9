namespace Conlink.Netlink.Encoding.Attributes;

/// <summary>TCA_* attributes of qdisc and filter messages (linux/rtnetlink.h).</summary>
internal enum TcAttribute : ushort
{
    Kind = 1,
    Options = 2,
    Chain = 11,
}

/// <summary>TCA_NETEM_*: attributes that follow <c>struct tc_netem_qopt</c> inside TCA_OPTIONS.</summary>
internal enum NetemAttribute : ushort
{
    Correlation = 1,
    DelayDistribution = 2,
    Reorder = 3,
    Corrupt = 4,
    Loss = 5,
    Rate = 6,
    Ecn = 7,
    Rate64 = 8,
    Latency64 = 10,
    Jitter64 = 11,
    Slot = 12,
}

/// <summary>TCA_TBF_*.</summary>
internal enum TbfAttribute : ushort
{
    Parameters = 1,
    RateTable = 2,
    Rate64 = 4,
    Burst = 6,
}

/// <summary>TCA_U32_*.</summary>
internal enum U32Attribute : ushort
{
    ClassId = 1,
    Selector = 5,
    Actions = 7,
}

/// <summary>TCA_ACT_* attributes of one action in an action list.</summary>
internal enum ActionAttribute : ushort
{
    Kind = 1,
    Options = 2,
}

/// <summary>TCA_MIRRED_*.</summary>
internal enum MirredAttribute : ushort
{
    Parameters = 2,
}
