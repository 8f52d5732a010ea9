namespace Conlink.Config.Validation;

/// <summary>Every key the configuration accepts, per kind of entry (kept in sync with the JSON Schema by a test).</summary>
internal static class ConfigKeys
{
    public static readonly IReadOnlyList<string> TopLevel = ["links", "bridges", "tunnels", "commands"];

    public static readonly IReadOnlyList<string> Link =
    [
        "type", "service", "container", "bridge", "outer-dev", "dev", "ip", "mac", "mtu", "nat",
        "mode", "vlanid", "route", "forward", "netem", "ethtool",
    ];

    public static readonly IReadOnlyList<string> Bridge = ["bridge", "mode", "span", "vni"];

    public static readonly IReadOnlyList<string> Tunnel = ["type", "bridge", "remote", "vni", "netem"];

    public static readonly IReadOnlyList<string> Command = ["service", "container", "command"];
}
