namespace Conlink.Config.Tests.Support;

/// <summary>
/// The variables examples require from conlink's environment: examples/multi-host as its host A
/// runs it (the other host's address and this host's node address), and examples/cluster as host
/// 192.168.1.11 runs it.
/// </summary>
internal static class ExampleEnvironment
{
    public static string? Lookup(string name) => name switch
    {
        "REMOTE" => "192.168.77.2",
        "NODE_IP" => "10.0.0.1",
        "CLUSTER_BIND" => "192.168.1.11",
        _ => null,
    };
}
