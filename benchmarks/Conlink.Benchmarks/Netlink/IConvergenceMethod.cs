namespace Conlink.Benchmarks.Netlink;

/// <summary>One way of building the topology; each is timed on the same namespaces.</summary>
internal interface IConvergenceMethod
{
    string Name { get; }

    /// <summary>Builds links <paramref name="indices"/>; returns the number of processes it spawned.</summary>
    int Converge(IEnumerable<int> indices);
}
