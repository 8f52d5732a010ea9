using Conlink.Benchmarks.Ethtool;
using Conlink.Benchmarks.Netlink;

const int DefaultLinks = 100;

return args switch
{
    ["netlink"] => NetlinkConvergence.Run(DefaultLinks),
    ["netlink", var n] when int.TryParse(n, out var links) && links > 0 => NetlinkConvergence.Run(links),
    ["ethtool"] => TxOffloadBenchmark.Run(DefaultLinks),
    ["ethtool", var n] when int.TryParse(n, out var links) && links > 0 => TxOffloadBenchmark.Run(links),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Conlink.Benchmarks netlink|engine|docker|churn [N]");
    Console.Error.WriteLine($"  netlink [N]   build N links (default {DefaultLinks}) with our library, with ip per command, and with ip -batch");
    Console.Error.WriteLine($"  ethtool [N]   turn tx offload off on N veths (default {DefaultLinks}) in-process and with an ethtool process each");
    return 2;
}
