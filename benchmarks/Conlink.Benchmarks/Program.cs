using Conlink.Benchmarks.Churn;
using Conlink.Benchmarks.Control;
using Conlink.Benchmarks.Docker;
using Conlink.Benchmarks.Engine;
using Conlink.Benchmarks.Ethtool;
using Conlink.Benchmarks.Loading;
using Conlink.Benchmarks.Metrics;
using Conlink.Benchmarks.Netlink;

const int DefaultLinks = 100;
const int DefaultChurnOperations = 10_000;
const int DefaultControlRequests = 200;

return args switch
{
    ["netlink"] => NetlinkConvergence.Run(DefaultLinks),
    ["netlink", var n] when int.TryParse(n, out var links) && links > 0 => NetlinkConvergence.Run(links),
    ["engine"] => EngineConvergence.Run(DefaultLinks),
    ["engine", var n] when int.TryParse(n, out var containers) && containers > 0 => EngineConvergence.Run(containers),
    ["docker", var n] when int.TryParse(n, out var replicas) && replicas > 0 => DockerBurstBenchmark.Run(replicas),
    ["ethtool"] => TxOffloadBenchmark.Run(DefaultLinks),
    ["ethtool", var n] when int.TryParse(n, out var links) && links > 0 => TxOffloadBenchmark.Run(links),
    ["control"] => ControlBenchmark.Run(DefaultControlRequests),
    ["control", var n] when int.TryParse(n, out var requests) && requests > 0 => ControlBenchmark.Run(requests),
    ["metrics"] => MetricsBenchmark.Run(DefaultLinks),
    ["metrics", var n] when int.TryParse(n, out var links) && links > 0 => MetricsBenchmark.Run(links),
    ["churn"] => ChurnBenchmark.Run(DefaultChurnOperations),
    ["churn", var n] when int.TryParse(n, out var operations) && operations > 0 => ChurnBenchmark.Run(operations),
    ["load"] => ConfigLoadBenchmark.Run(),
    ["load-one", var path] => ConfigLoadBenchmark.RunOne(path),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Conlink.Benchmarks netlink|engine|docker|ethtool|churn|metrics|control [N] | load");
    Console.Error.WriteLine($"  netlink [N]   build N links (default {DefaultLinks}) with our library, with ip per command, and with ip -batch");
    Console.Error.WriteLine($"  engine [N]    N containers (default {DefaultLinks}) through the whole engine: start events to All links connected");
    Console.Error.WriteLine("  docker N      conlink as the sidecar for N running replicas: burst, restart and CPU (Docker engine, root)");
    Console.Error.WriteLine($"  ethtool [N]   turn tx offload off on N veths (default {DefaultLinks}) in-process and with an ethtool process each");
    Console.Error.WriteLine($"  churn [N]     N seeded container start/stop/restart/scale operations (default {DefaultChurnOperations}) against the engine: ops/s and its RSS");
    Console.Error.WriteLine($"  control [N]   N link down/up requests over the control socket (default {DefaultControlRequests}), to the carrier change; an apply of 100 links");
    Console.Error.WriteLine($"  metrics [N]   N links (default {DefaultLinks}): one Prometheus scrape; capture under iperf3 load, ours vs tcpdump");
    Console.Error.WriteLine("  load          config loading under hostile generated input (huge, deep, special files): time per MB and peak RSS");
    return 2;
}
