using Conlink.Actors.Status;
using Conlink.Config.Model;
using Conlink.Config.Planning;
using Conlink.Netlink.Namespaces;

namespace Conlink.Testing;

/// <summary>
/// One "host" running conlink for a test: a throwaway bridge namespace, a compose file with the
/// config, a <see cref="ProcessRuntime"/> whose namespace-process containers the engine follows,
/// and the engine itself in an <see cref="EngineHostProcess"/> that can be killed and started
/// again. It knows the planned state of whatever is running, to compare the kernel with.
/// Disposing kills the engine and the containers and removes the namespace and files.
/// </summary>
public sealed class HostedEngine : IDisposable
{
    public static readonly TimeSpan ConvergeTimeout = Patience.Seconds(60);

    private readonly string _directory = Directory.CreateTempSubdirectory("conlink-engine-").FullName;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly string? _underlayNamespace;

    /// <param name="composeYaml">A compose file whose <c>x-network</c> sections are the config.</param>
    /// <param name="underlayNamespace">The named namespace tunnels send from (default: the test's own).</param>
    /// <param name="environment">Variables the config interpolates.</param>
    public HostedEngine(string composeYaml, string? underlayNamespace = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        BridgeNamespace = "clbr-" + Guid.NewGuid().ToString("N")[..8];
        ConfigFile = Path.Combine(_directory, "compose.yaml");
        File.WriteAllText(ConfigFile, composeYaml);
        _environment = environment ?? new Dictionary<string, string>();
        _underlayNamespace = underlayNamespace;
        Config = EngineHostConfig.Load([ConfigFile], name => _environment.TryGetValue(name, out var v) ? v : Environment.GetEnvironmentVariable(name));
        NetNs.OpenOrCreateNamed(BridgeNamespace).Dispose();
        Runtime = new ProcessRuntime(Path.Combine(_directory, "registry"));
    }

    public string BridgeNamespace { get; }
    public string ConfigFile { get; }
    public NetworkConfig Config { get; }
    public ProcessRuntime Runtime { get; }
    public EngineHostProcess? Engine { get; private set; }

    /// <summary>Starts the engine (again); a previous one must have been killed or stopped.</summary>
    /// <param name="killAfterLinks">The engine kills itself with SIGKILL once it has applied this many links.</param>
    /// <param name="extraArguments">More engine host options (cluster mode: --cluster-bind ...).</param>
    /// <param name="inNamespace">Run the engine host process in this named namespace (a "host" of a cluster).</param>
    /// <param name="hangupIgnored">Start it through <c>nohup</c> (see <see cref="EngineHostProcess.Start"/>).</param>
    public EngineHostProcess StartEngine(int? killAfterLinks = null, IReadOnlyList<string>? extraArguments = null, string? inNamespace = null,
        bool hangupIgnored = false)
    {
        if (Engine is { Process.HasExited: false }) throw new InvalidOperationException("the engine is still running");
        Engine?.Dispose();
        Engine = EngineHostProcess.Start(Runtime.RegistryDirectory, BridgeNamespace, Path.Combine(_directory, "status.sock"),
            [ConfigFile], _underlayNamespace, _environment, killAfterLinks, extraArguments, inNamespace, hangupIgnored);
        return Engine;
    }

    /// <summary>kill -9 of the engine: nothing it made is cleaned up.</summary>
    public void KillEngine() => Engine?.Process.Kill();

    public IReadOnlyList<ContainerIdentity> Running() => Runtime.ListRunningAsync(CancellationToken.None).GetAwaiter().GetResult();

    public KernelState ReadKernel() => KernelState.Read(BridgeNamespace, Running());

    public KernelState Planned() => PlannedState.Of(Config, Running());

    /// <summary>The ids of every link the engine should report: the running containers' planned links and the tunnels.</summary>
    public IReadOnlySet<string> PlannedLinkIds() =>
        Running().SelectMany(c => Planner.Plan(c, Config, PlanningContext.Default).Links).Select(l => l.Id)
            .Concat(Config.Tunnels.Select(t => t.LinkId))
            .Concat(Config.Bridges.Values.Where(b => b.Span is not null).Select(b => b.SpanLinkId))
            .ToHashSet();

    /// <summary>
    /// Waits until the engine reports exactly the planned links, all ready, and the kernel holds
    /// exactly the planned state; throws with the differences when it does not in time.
    /// </summary>
    public async Task<KernelState> ConvergedAsync()
    {
        await EngineReadyAsync().ConfigureAwait(false);
        return await KernelState.ConvergedAsync(ReadKernel, Planned(), ConvergeTimeout).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits until the engine reports exactly the planned links and all of them ready (none when
    /// nothing is planned), those of <paramref name="rebuilt"/> containers made since <paramref name="since"/>.
    /// </summary>
    public Task<StatusTracker.Snapshot> EngineReadyAsync(IReadOnlySet<string>? rebuilt = null, DateTimeOffset since = default)
    {
        var engine = Engine ?? throw new InvalidOperationException("the engine is not running");
        var planned = PlannedLinkIds();
        return engine.WaitForStatusAsync(s => (planned.Count == 0 || s.AllReady)
            && s.Links.Select(l => l.Id).ToHashSet().SetEquals(planned)
            && s.Links.All(l => rebuilt?.Contains(l.Owner) != true || l.Since >= since), ConvergeTimeout);
    }

    public void Dispose()
    {
        Engine?.Dispose();
        Runtime.Dispose();
        NetNs.DeleteNamed(BridgeNamespace);
        Directory.Delete(_directory, recursive: true);
    }
}
