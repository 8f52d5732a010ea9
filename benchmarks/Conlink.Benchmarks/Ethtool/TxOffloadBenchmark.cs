using System.Diagnostics;
using System.Globalization;
using Conlink.Kernel.Tools;
using Conlink.Netlink;
using Conlink.Netlink.Links;
using Conlink.Netlink.Namespaces;

namespace Conlink.Benchmarks.Ethtool;

/// <summary>
/// The cost of the veth default <c>--offload tx off</c>: switched in-process (the SIOCETHTOOL ioctl
/// conlink uses) and by one <c>ethtool</c> process per veth started in the namespace (what it did
/// before, and still does for other entries), on the same N veths in one scratch namespace.
/// Prints the median of <see cref="Rounds"/> rounds of each, the two taking turns.
/// </summary>
internal static class TxOffloadBenchmark
{
    private const int Rounds = 3;
    private const string Namespace = "cbench-ethtool";

    public static int Run(int links)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Console.Error.WriteLine("the ethtool benchmark needs root: it creates a network namespace");
            return 1;
        }
        NetNs.DeleteNamed(Namespace);
        try
        {
            using var ns = NetNs.OpenOrCreateNamed(Namespace);
            using var handle = NetlinkHandle.Open(ns);
            var devs = Enumerable.Range(0, links).Select(i => "e" + i.ToString(CultureInfo.InvariantCulture)).ToList();
            foreach (var dev in devs) handle.LinkAdd(new LinkVeth(dev, new VethPeer("p" + dev)));

            (string Name, Action<string> Switch)[] methods =
            [
                ("in-process ioctl", dev => handle.LinkSetTxChecksumming(dev, false)),
                ("ethtool process per veth", dev => ExternalCommand.Run("ethtool", ["--offload", dev, "tx", "off"], ns)),
            ];
            var times = methods.Select(_ => new List<double>()).ToArray();
            for (var round = 0; round < Rounds; round++)
            {
                for (var m = 0; m < methods.Length; m++)
                {
                    foreach (var dev in devs) handle.LinkSetTxChecksumming(dev, true);
                    var timer = Stopwatch.StartNew();
                    foreach (var dev in devs) methods[m].Switch(dev);
                    timer.Stop();
                    if (devs.Any(dev => handle.LinkGetTxChecksumming(dev))) throw new InvalidOperationException($"{methods[m].Name} left tx checksumming on");
                    times[m].Add(timer.Elapsed.TotalMilliseconds);
                }
            }

            Console.WriteLine($"veth tx offload off: {links} veths in one namespace ({Environment.ProcessorCount} cores), medians of {Rounds} rounds");
            foreach (var (method, m) in methods.Select((method, m) => (method, m)))
            {
                var median = times[m].Order().ElementAt(Rounds / 2);
                Console.WriteLine($"  {method.Name,-26} {median,9:F1} ms  {median * 1000 / links,9:F1} us per veth");
            }
            return 0;
        }
        finally
        {
            NetNs.DeleteNamed(Namespace);
        }
    }
}
