using Akka.Actor;
using Akka.TestKit;
using Conlink.Actors.Engine;
using Conlink.Actors.Status;
using Conlink.Config.Model;
using Conlink.Config.Planning;

namespace Conlink.Actors.Tests.Fakes;

/// <summary>The whole engine (real actors) wired to a fake runtime and a fake kernel.</summary>
public sealed class EngineHarness
{
    public FakeContainerRuntime Runtime { get; } = new();
    public FakeNetworkDriver Network { get; } = new();
    public IActorRef Supervisor { get; private set; } = ActorRefs.Nobody;

    /// <summary>The engine's steps in the test system's coordinated shutdown.</summary>
    public EngineShutdown? Shutdown { get; private set; }

    /// <summary>Stops the engine as conlink does (the test system's coordinated shutdown); returns the bridges deleted.</summary>
    public async Task<IReadOnlyList<string>> StopAsync(TestKitBase kit)
    {
        await CoordinatedShutdown.Get(kit.Sys).Run(EngineShutdown.StopReason.Instance);
        return await Shutdown!.DeletedBridges;
    }

    public static readonly EngineSettings FastSettings = new(
        AttachTimeout: TimeSpan.FromSeconds(3),
        ReconnectMinBackoff: TimeSpan.FromMilliseconds(50),
        ReconnectMaxBackoff: TimeSpan.FromMilliseconds(200),
        ReconnectRandomFactor: 0,
        ProgressInterval: TimeSpan.Zero,
        TraceFile: null);

    public EngineHarness Start(TestKitBase kit, Func<ContainerIdentity, ContainerPlan> plan, NetworkConfig? config = null, string name = "conlink",
        bool joinShutdown = true)
    {
        var dependencies = new EngineDependencies
        {
            Config = config ?? NetworkConfig.Empty,
            Plan = plan,
            Runtimes = [Runtime],
            Network = _ => Network,
        };
        Supervisor = kit.Sys.ActorOf(ConlinkSupervisor.Props(dependencies, Network, FastSettings), name);
        if (joinShutdown) Shutdown = EngineShutdown.Register(kit.Sys, Supervisor);
        return this;
    }

    public StatusTracker.Snapshot Status(TestKitBase kit) =>
        Supervisor.Ask<StatusTracker.Snapshot>(new StatusTracker.GetStatus(), TimeSpan.FromSeconds(3)).Result;

    public LinkStatus LinkStatus(TestKitBase kit, string linkId) => Status(kit).Links.Single(l => l.Id == linkId);
}
