using System.Net;
using Conlink.Actors.Ports;
using Conlink.Config.Model;
using Conlink.Config.Planning;
using Conlink.Host.Logging;
using Conlink.Host.Status;
using Conlink.Kernel;
using HoconConfig = Akka.Configuration.Config;

namespace Conlink.Host;

/// <summary>Everything <see cref="EngineHost"/> needs to run one conlink.</summary>
public sealed record EngineHostOptions
{
    public required NetworkConfig Config { get; init; }

    /// <summary>The container engines to follow (the caller owns them).</summary>
    public required IReadOnlyList<IContainerRuntime> Runtimes { get; init; }

    /// <summary>
    /// The named namespace (<c>/run/netns/NAME</c>) that holds the bridges: created when missing and
    /// deleted at the end when the host created it. Null: conlink's own namespace (the sidecar), whose
    /// Docker interface is then prepared for forwards and tunnels.
    /// </summary>
    public string? BridgeNamespace { get; init; }

    /// <summary>
    /// The namespace file (<c>--host-netns</c>) where host-parent links find their parent; null:
    /// conlink's own namespace on a host, pid 1's in a container.
    /// </summary>
    public string? HostNamespacePath { get; init; }

    /// <summary>The named namespace tunnels send from; null: conlink's own.</summary>
    public string? UnderlayNamespace { get; init; }

    public string? TunnelDevice { get; init; }
    public IPAddress? TunnelLocal { get; init; }
    public ushort VxlanPort { get; init; } = DefaultVxlanPort;

    /// <summary>The Linux default UDP port of VXLAN (IANA).</summary>
    public const ushort DefaultVxlanPort = KernelDriverOptions.DefaultVxlanPort;

    /// <summary>Service links apply to this compose project only; null: conlink's own project, when it has one.</summary>
    public string? ComposeProject { get; init; }

    /// <summary>The engine's settings (<see cref="EngineHocon"/>); its <c>conlink.trace.file</c> names the trace file.</summary>
    public HoconConfig Hocon { get; init; } = EngineHocon.Default();

    /// <summary>Where the control server (status and changes) listens, normally the Unix socket; null: nowhere.</summary>
    public StatusListener? Status { get; init; }

    /// <summary>A second listener, a TCP port (reads only unless <see cref="Control"/> has a token); null: none.</summary>
    public StatusListener? StatusTcp { get; init; }

    /// <summary>The control server's bounds, its control group and TCP token.</summary>
    public Control.ControlServerOptions Control { get; init; } = new();

    /// <summary>
    /// Whether the engine is measured for Prometheus (<see cref="EngineHost.Metrics"/>); the
    /// metrics listener (<c>--metrics-port</c>) turns it on. Off, prometheus-net is not even loaded.
    /// </summary>
    public bool Metrics { get; init; }

    /// <summary>Where Prometheus scrapes <c>/metrics</c> (<c>--metrics-port</c>, loopback unless <c>--metrics-address</c>); null: no listener.</summary>
    public IPEndPoint? MetricsListener { get; init; }

    /// <summary>Where the host's and the engine's log lines go.</summary>
    public LogOutput Log { get; init; } = new(Console.Error, LogFormat.Text);

    /// <summary>Tells whether a kernel module is loaded (for the startup checks).</summary>
    public Func<string, bool> IsKernelModuleLoaded { get; init; } = _ => false;

    /// <summary>
    /// Reads the run's config files again (<c>conlink apply</c>, SIGHUP); throws
    /// <see cref="Conlink.Config.ConfigException"/> with located errors. Null: this run cannot re-read its config.
    /// </summary>
    public Func<NetworkConfig>? ReloadConfig { get; init; }

    /// <summary>Plans containers instead of the config's planner; tests use it for hand-made plans.</summary>
    public Func<ContainerIdentity, ContainerPlan>? Plan { get; init; }

    /// <summary>Wraps the kernel driver; tests use it to crash the engine at a chosen point.</summary>
    public Func<INetworkDriver, INetworkDriver>? DecorateDriver { get; init; }
}
