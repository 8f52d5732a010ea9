using System.CommandLine;
using System.Net;
using Conlink.Host;
using Conlink.Host.Status;

namespace Conlink.Cli.Running;

/// <summary>The options of run mode beyond the original's flags: where bridges live, tunnels, visibility.</summary>
internal sealed class RunModeOptions
{
    public Option<string?> Netns { get; } = new("--netns")
    {
        Description = "Named network namespace (/run/netns/NAME) that holds conlink's bridges. Created when missing and "
            + $"deleted on exit when conlink created it. Default: conlink's own namespace when it runs in a container, "
            + $"else '{StatusSocket.DefaultHostNamespace}'.",
        HelpName = "NAME",
    };

    public Option<string?> HostNetns { get; } = new("--host-netns")
    {
        Description = "Network namespace file (such as /run/netns/NAME or /proc/PID/ns/net) whose interfaces are the parents of "
            + "macvlan, macvtap, ipvlan, ipvtap and vlan links (outer-dev). Default: conlink's own namespace when it runs on a "
            + "host, pid 1's when it runs in a container (the host's with 'pid: host').",
        HelpName = "PATH",
    };

    public Option<string?> Trace { get; } = new("--trace")
    {
        Description = "Write one JSON line per actor message and per kernel operation (with its duration and result) to FILE; "
            + "read it with 'conlink trace FILE'.",
        HelpName = "FILE",
    };

    public Option<string?> TraceMaxSize { get; } = new("--trace-max-size")
    {
        Description = "Size at which the --trace file is rotated to FILE.1 (one earlier file is kept): bytes, or with K, M or G "
            + "(powers of 1024). Default: 100M. The trace file is created new, mode 0600; an existing one is moved to FILE.1 first, "
            + "and a symbolic link at FILE is refused, never followed.",
        HelpName = "SIZE",
    };

    public Option<string?> AkkaConfig { get; } = new("--akka-config")
    {
        Description = "HOCON file overriding the engine's settings (hocon/conlink.hocon: dispatchers, timeouts, logging).",
        HelpName = "FILE",
    };

    public Option<string> LogFormat { get; } = new("--log-format")
    {
        Description = "Log lines as plain text or as one JSON object per line.",
        HelpName = "text|json",
        DefaultValueFactory = _ => "text",
    };

    public Option<string?> StatusSocketPath { get; } = new("--status-socket")
    {
        Description = $"Unix socket where 'conlink status' asks for the state of every link. Default: {StatusSocket.DefaultPath} "
            + $"in a container, {StatusSocket.PathFor("NETNS")} on a host.",
        HelpName = "PATH",
    };

    public Option<int?> StatusPort { get; } = new("--status-port")
    {
        Description = "Also serve over HTTP on this TCP port (loopback unless --status-address). It is unauthenticated: "
            + "it serves reads only (status, netem show, events), unless --control-token-file is given. The Unix socket is served either way.",
        HelpName = "PORT",
    };

    public Option<string?> StatusAddress { get; } = new("--status-address")
    {
        Description = "Address the --status-port listens on. Default: 127.0.0.1. Anyone who can reach it can read the lab's status.",
        HelpName = "ADDRESS",
    };

    public Option<string?> ControlGroup { get; } = new("--control-group")
    {
        Description = "Make the Unix socket 0660 with this group (name or gid), whose members may then also change things "
            + "(link down/up, netem, apply). Default: 0600, root only.",
        HelpName = "GROUP",
    };

    public Option<string?> ControlTokenFile { get; } = new("--control-token-file")
    {
        Description = "Let the TCP port (--status-port) take changes from requests that send 'Authorization: Bearer TOKEN', "
            + "TOKEN being this file's content. A missing file is created 0600 with a random token; a file others can read is refused.",
        HelpName = "FILE",
    };

    public Option<int?> MetricsPort { get; } = new("--metrics-port")
    {
        Description = "Serve Prometheus metrics at http://127.0.0.1:PORT/metrics (links up, rx/tx counters read from the kernel at each scrape, "
            + "setup times, kernel operation times, actor restarts, Docker events). Unauthenticated and read-only.",
        HelpName = "PORT",
    };

    public Option<string?> MetricsAddress { get; } = new("--metrics-address")
    {
        Description = "Address the --metrics-port listens on. Default: 127.0.0.1. Anyone who can reach it sees every link's counters.",
        HelpName = "ADDRESS",
    };

    public Option<string?> TunnelDev { get; } = new("--tunnel-dev")
    {
        Description = "Underlay interface tunnels send from. Default: the route to the remote decides.",
        HelpName = "IFACE",
    };

    public Option<string?> TunnelLocal { get; } = new("--tunnel-local")
    {
        Description = "Local underlay IPv4 address of vxlan tunnels.",
        HelpName = "ADDRESS",
    };

    public Option<int> VxlanPort { get; } = new("--vxlan-port")
    {
        Description = "UDP port of vxlan tunnels (geneve always uses 6081).",
        HelpName = "PORT",
        DefaultValueFactory = _ => EngineHostOptions.DefaultVxlanPort,
    };

    public RunModeOptions()
    {
        LogFormat.AcceptOnlyFromAmong("text", "json");
        StatusPort.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is { } port and (< 1 or > 65535)) r.AddError($"--status-port must be from 1 to 65535, not {port}");
        });
        VxlanPort.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is var port and (< 1 or > 65535)) r.AddError($"--vxlan-port must be from 1 to 65535, not {port}");
        });
        TraceMaxSize.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } text && ParseSize(text) is null)
                r.AddError($"--trace-max-size: '{text}' is not a size (such as 1048576, 512K, 100M or 1G, at least 4K)");
        });
        MetricsPort.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is { } port and (< 1 or > 65535)) r.AddError($"--metrics-port must be from 1 to 65535, not {port}");
        });
        MetricsAddress.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } text && !IPAddress.TryParse(text, out _)) r.AddError($"--metrics-address: '{text}' is not an IP address");
        });
        StatusAddress.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } text && !IPAddress.TryParse(text, out _)) r.AddError($"--status-address: '{text}' is not an IP address");
        });
        TunnelLocal.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } text && !IPAddress.TryParse(text, out _)) r.AddError($"--tunnel-local: '{text}' is not an IP address");
        });
    }

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Netns, HostNetns, Trace, TraceMaxSize, AkkaConfig, LogFormat, StatusSocketPath, StatusPort, StatusAddress, ControlGroup, ControlTokenFile, MetricsPort, MetricsAddress, TunnelDev, TunnelLocal, VxlanPort })
            command.Options.Add(option);
    }

    /// <summary>A size in bytes: a number, optionally followed by K, M or G (powers of 1024); at least 4 KiB. Null when it is not one.</summary>
    internal static long? ParseSize(string text)
    {
        var t = text.Trim();
        var unit = t.Length > 0 ? char.ToUpperInvariant(t[^1]) : ' ';
        var multiplier = unit switch { 'K' => 1L << 10, 'M' => 1L << 20, 'G' => 1L << 30, _ => 1L };
        var digits = multiplier == 1 ? t : t[..^1];
        if (!long.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
            || n > long.MaxValue / multiplier) return null;
        var bytes = n * multiplier;
        return bytes >= 4096 ? bytes : null;
    }

    public RunModeSettings Read(ParseResult result) => new(
        result.GetValue(Netns),
        result.GetValue(HostNetns),
        result.GetValue(Trace),
        result.GetValue(TraceMaxSize) is { } size ? ParseSize(size) : null,
        result.GetValue(AkkaConfig),
        result.GetValue(LogFormat)!,
        result.GetValue(StatusSocketPath),
        result.GetValue(StatusPort),
        result.GetValue(StatusAddress) is { } address ? IPAddress.Parse(address) : null,
        result.GetValue(ControlGroup),
        result.GetValue(ControlTokenFile),
        result.GetValue(MetricsPort),
        result.GetValue(MetricsAddress) is { } metricsAddress ? IPAddress.Parse(metricsAddress) : null,
        result.GetValue(TunnelDev),
        result.GetValue(TunnelLocal) is { } local ? IPAddress.Parse(local) : null,
        (ushort)result.GetValue(VxlanPort));
}

internal sealed record RunModeSettings(
    string? Netns,
    string? HostNetns,
    string? TraceFile,
    long? TraceMaxBytes,
    string? AkkaConfigFile,
    string LogFormat,
    string? StatusSocket,
    int? StatusPort,
    IPAddress? StatusAddress,
    string? ControlGroup,
    string? ControlTokenFile,
    int? MetricsPort,
    IPAddress? MetricsAddress,
    string? TunnelDev,
    IPAddress? TunnelLocal,
    ushort VxlanPort);
