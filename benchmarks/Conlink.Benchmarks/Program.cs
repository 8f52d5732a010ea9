using Conlink.Benchmarks.Churn;
using Conlink.Benchmarks.Netlink;

const int DefaultLinks = 100;
const int DefaultChurnOperations = 10_000;

return args switch
{
    ["netlink"] => NetlinkConvergence.Run(DefaultLinks),
    ["netlink", var n] when int.TryParse(n, out var links) && links > 0 => NetlinkConvergence.Run(links),
    ["churn"] => ChurnBenchmark.Run(DefaultChurnOperations),
    ["churn", var n] when int.TryParse(n, out var operations) && operations > 0 => ChurnBenchmark.Run(operations),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Conlink.Benchmarks netlink|engine|docker|churn [N]");
    Console.Error.WriteLine($"  netlink [N]   build N links (default {DefaultLinks}) with our library, with ip per command, and with ip -batch");
    Console.Error.WriteLine($"  churn [N]     N seeded container start/stop/restart/scale operations (default {DefaultChurnOperations}) against the engine: ops/s and its RSS");
    return 2;
}
