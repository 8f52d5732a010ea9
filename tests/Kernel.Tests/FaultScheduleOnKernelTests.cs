using Conlink.Actors.Tracing;
using Conlink.Config.Faults;
using Conlink.Host.Faults;
using Conlink.Testing;

namespace Conlink.Kernel.Tests;

/// <summary>A fault schedule carried out against the real engine and kernel, checked against its trace.</summary>
[Collection("kernel")]
public sealed class FaultScheduleOnKernelTests : IAsyncLifetime
{
    private readonly KernelEngine _kernel = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _kernel.DisposeAsync();

    [SkippableFact]
    public async Task One_flap_takes_the_link_down_and_up_and_the_trace_has_both_steps_with_their_timestamps()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        _kernel.Start(TestNetwork.FromYaml("links:\n  - {service: node, bridge: s1, ip: 10.0.0.1/24}\n"));
        var node1 = _kernel.Runtime.Start("node_1", "node", 1);
        _kernel.Runtime.Start("node_2", "node", 2);
        await _kernel.WaitAllReadyAsync(s => s.Links.Count == 2);
        var schedule = FaultSchedule.Parse("flap.yaml", "- {at: 200ms, link: node_1:eth0, action: down, for: 500ms}\n");
        var lines = new List<string>();
        var carrierSeenDown = false;

        var started = DateTimeOffset.UtcNow;
        var run = new FaultRunner(new EngineFaultTarget(_kernel.Engine!), lines.Add).RunAsync(schedule, CancellationToken.None);
        while (!run.IsCompleted)
        {
            carrierSeenDown |= KernelProbe.InNamespaceOf(node1.Pid, "ip", "link", "show", "eth0").Output.Contains("NO-CARRIER", StringComparison.Ordinal);
            await Task.Delay(50);
        }
        var outcome = await run;

        Assert.Empty(outcome.Failures);
        Assert.Equal(2, outcome.Done);
        Assert.True(carrierSeenDown, "the container never saw its carrier go");
        Assert.True(KernelProbe.Ping(node1.Pid, "10.0.0.2"), "the link did not come back after the flap");
        var steps = _kernel.Engine!.Events.Recent().Where(r => r is { Kind: TraceKind.Event, What: "fault-step" }).ToList();
        Assert.Equal(2, steps.Count);
        Assert.All(steps, s => Assert.Equal("node_1:eth0", s.Link));
        Assert.StartsWith("link down node_1:eth0 at +0.200s", steps[0].Result, StringComparison.Ordinal);
        Assert.StartsWith("link up node_1:eth0 (end of step at line 1) at +0.700s", steps[1].Result, StringComparison.Ordinal);
        // The detail carries when the step began; the record's own time is when it was written, after the step.
        var down = StepTime(steps[0].Result);
        var up = StepTime(steps[1].Result);
        Assert.InRange(down - started, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(2));
        Assert.InRange(up - started, TimeSpan.FromMilliseconds(700), TimeSpan.FromSeconds(3));
        Assert.True(up > down);
        Assert.True(steps[0].Time >= down && steps[1].Time >= up);
        var linkEvents = _kernel.Engine.Events.Recent().Where(r => r is { What: "link-state", Link: "node_1:eth0" }).ToList();
        Assert.Equal(["link down (set by user)", "link up (set by user)"], linkEvents.Select(e => e.Result));
        Assert.Equal(2, lines.Count);
    }

    private static DateTimeOffset StepTime(string detail)
    {
        var open = detail.IndexOf('(', detail.IndexOf(" at +", StringComparison.Ordinal));
        return DateTimeOffset.Parse(detail[(open + 1)..detail.IndexOf(')', open)], System.Globalization.CultureInfo.InvariantCulture);
    }
}
