using Conlink.Benchmarks.Docker;
using Conlink.Benchmarks.Engine;
using Conlink.Benchmarks.Netlink;

const int DefaultLinks = 100;

return args switch
{
    ["netlink"] => NetlinkConvergence.Run(DefaultLinks),
    ["netlink", var n] when int.TryParse(n, out var links) && links > 0 => NetlinkConvergence.Run(links),
    ["engine"] => EngineConvergence.Run(DefaultLinks),
    ["engine", var n] when int.TryParse(n, out var containers) && containers > 0 => EngineConvergence.Run(containers),
    ["docker", var n] when int.TryParse(n, out var replicas) && replicas > 0 => DockerBurstBenchmark.Run(replicas),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Conlink.Benchmarks netlink|engine|docker|churn [N]");
    Console.Error.WriteLine($"  netlink [N]   build N links (default {DefaultLinks}) with our library, with ip per command, and with ip -batch");
    Console.Error.WriteLine($"  engine [N]    N containers (default {DefaultLinks}) through the whole engine: start events to All links connected");
    Console.Error.WriteLine("  docker N      conlink as the sidecar for N running replicas: burst, restart and CPU (Docker engine, root)");
    return 2;
}
