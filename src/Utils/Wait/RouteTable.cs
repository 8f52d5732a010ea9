namespace Conlink.Utils.Wait;

/// <summary>Reads <c>/proc/net/route</c>: the main IPv4 routing table, a header line then one route a line, interface first.</summary>
public static class RouteTable
{
    public static bool HasRouteThrough(string procNetRoute, string interfaceName) =>
        procNetRoute
            .Split('\n')
            .Skip(1)
            .Any(line => line.Split('\t', ' ')[0] == interfaceName);
}
