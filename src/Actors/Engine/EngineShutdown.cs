using Akka;
using Akka.Actor;
using Akka.Event;

namespace Conlink.Actors.Engine;

/// <summary>
/// The engine's steps in Akka's coordinated shutdown, which runs them phase by phase, in order,
/// each phase with its own timeout (<c>akka.coordinated-shutdown.phases</c> in hocon/conlink.hocon):
/// <list type="bullet">
/// <item>service-unbind: stop following the runtimes and the bridge namespace (no new work comes in);</item>
/// <item>service-requests-done: remove every container's links, every tunnel and every span's vxlan (independent, so side by side);</item>
/// <item>service-stop: delete the bridges, now empty.</item>
/// </list>
/// The host adds its own steps (the status server closes before the actor system terminates).
/// </summary>
public sealed class EngineShutdown
{
    private readonly TaskCompletionSource<IReadOnlyList<string>> _deletedBridges = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private EngineShutdown()
    {
    }

    /// <summary>The bridges the last step deleted; faults when a step failed or timed out.</summary>
    public Task<IReadOnlyList<string>> DeletedBridges => _deletedBridges.Task;

    /// <summary>Why the engine shut down when nobody asked it to.</summary>
    public sealed class FailedReason(string why) : CoordinatedShutdown.Reason
    {
        public string Why { get; } = why;

        public override int ExitCode => 1;

        public override string ToString() => Why;
    }

    /// <summary>A stop someone asked for (SIGTERM, the end of a test).</summary>
    public sealed class StopReason : CoordinatedShutdown.Reason
    {
        public static StopReason Instance { get; } = new();

        private StopReason()
        {
        }

        public override int ExitCode => 0;

        public override string ToString() => "stop requested";
    }

    /// <summary>Adds the engine's steps to the system's coordinated shutdown; <paramref name="supervisor"/> carries them out.</summary>
    public static EngineShutdown Register(ActorSystem system, IActorRef supervisor)
    {
        var shutdown = new EngineShutdown();
        var coordinated = CoordinatedShutdown.Get(system);
        var log = Logging.GetLogger(system, typeof(EngineShutdown));
        var failures = new List<string>();

        // A step that deletes answers Deletions: each of its failures fails the shutdown's result.
        Func<Task<Done>> Step(string phase, string what, object request, Action<object>? onReply = null) => async () =>
        {
            try
            {
                var reply = await supervisor.Ask(request, coordinated.Timeout(phase)).ConfigureAwait(false);
                if (reply is Deletions deletions) lock (failures) failures.AddRange(deletions.Failures);
                onReply?.Invoke(reply);
            }
            catch (Exception e)
            {
                var failure = $"{what} failed: {e.GetBaseException().Message}";
                log.Error("shutting down: {0}", failure);
                lock (failures) failures.Add(failure);
            }
            return Done.Instance;
        };

        coordinated.AddTask(CoordinatedShutdown.PhaseServiceUnbind, "conlink-stop-watching",
            Step(CoordinatedShutdown.PhaseServiceUnbind, "stopping the watchers", new ConlinkSupervisor.StopWatching()));
        coordinated.AddTask(CoordinatedShutdown.PhaseServiceRequestsDone, "conlink-remove-container-links",
            Step(CoordinatedShutdown.PhaseServiceRequestsDone, "removing the containers' links", new ConlinkSupervisor.RemoveContainerLinks()));
        coordinated.AddTask(CoordinatedShutdown.PhaseServiceRequestsDone, "conlink-remove-tunnels",
            Step(CoordinatedShutdown.PhaseServiceRequestsDone, "removing the tunnels", new ConlinkSupervisor.RemoveTunnels()));
        coordinated.AddTask(CoordinatedShutdown.PhaseServiceRequestsDone, "conlink-remove-spans",
            Step(CoordinatedShutdown.PhaseServiceRequestsDone, "removing the spanned bridges' vxlans", new ConlinkSupervisor.RemoveSpans()));
        coordinated.AddTask(CoordinatedShutdown.PhaseServiceStop, "conlink-remove-bridges", async () =>
        {
            IReadOnlyList<string> deleted = [];
            await Step(CoordinatedShutdown.PhaseServiceStop, "deleting the bridges", new ConlinkSupervisor.RemoveBridges(),
                reply => deleted = ((Deletions)reply).Deleted)().ConfigureAwait(false);
            lock (failures)
            {
                if (failures.Count == 0) shutdown._deletedBridges.TrySetResult(deleted);
                else shutdown._deletedBridges.TrySetException(new InvalidOperationException(string.Join("; ", failures)));
            }
            return Done.Instance;
        });
        return shutdown;
    }

    /// <summary>Shuts the engine down because it cannot go on; the host reports <paramref name="why"/> and exits with an error.</summary>
    public static void Fail(ActorSystem system, string why) => CoordinatedShutdown.Get(system).Run(new FailedReason(why));
}
