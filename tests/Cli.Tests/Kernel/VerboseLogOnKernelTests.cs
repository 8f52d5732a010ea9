using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Event;
using Conlink.Cli.Tests.Support;
using Conlink.Testing;

namespace Conlink.Cli.Tests.Kernel;

/// <summary>What the engine logs at debug level, the level <c>conlink -v</c> sets.</summary>
public sealed class VerboseLogOnKernelTests
{
    [SkippableFact]
    public async Task Debug_level_logs_each_kernel_operation_with_its_link_namespace_result_and_duration()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        await using var conlink = new KernelConlink(logLevel: "DEBUG");
        var debug = new ConcurrentQueue<string>();
        var collector = conlink.Engine.Engine.System.ActorOf(Props.Create(() => new DebugCollector(debug)));
        conlink.Engine.Engine.System.EventStream.Subscribe(collector, typeof(Debug));

        await conlink.StartServicesAsync("good", "broken");

        Assert.Contains(debug, line => line.StartsWith("good_1:eth0: addr-add 10.0.0.1/24 dev eth0 (netns pid ", StringComparison.Ordinal)
            && line.Contains("): ok in ", StringComparison.Ordinal) && line.EndsWith(" ms", StringComparison.Ordinal));
        Assert.Contains(debug, line => line.StartsWith("broken_1:eth0: route-replace 10.9.0.0/16 via 10.5.0.1 dev eth0", StringComparison.Ordinal)
            && line.Contains("): error: ", StringComparison.Ordinal));
    }

    private sealed class DebugCollector : ReceiveActor
    {
        public DebugCollector(ConcurrentQueue<string> lines) => Receive<Debug>(e => lines.Enqueue(e.Message?.ToString() ?? ""));
    }
}
