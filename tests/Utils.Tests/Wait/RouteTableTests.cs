using Conlink.Utils.Wait;

namespace Conlink.Utils.Tests.Wait;

public class RouteTableTests
{
    private const string ProcNetRoute =
        "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n" +
        "eth0\t00000000\t0100000A\t0003\t0\t0\t0\t00000000\t0\t0\t0\n" +
        "eth0\t0000000A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n" +
        "eth10\t0001A8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n";

    [Theory]
    [InlineData("eth0")]
    [InlineData("eth10")]
    public void An_interface_with_a_route_line_has_a_route(string name) =>
        Assert.True(RouteTable.HasRouteThrough(ProcNetRoute, name));

    [Theory]
    [InlineData("eth1", "a name that is only a prefix of another interface's")]
    [InlineData("eth", "a prefix of listed names")]
    [InlineData("Iface", "the header")]
    [InlineData("lo", "an interface without routes in the main table")]
    public void Other_names_have_no_route(string name, string because) =>
        Assert.False(RouteTable.HasRouteThrough(ProcNetRoute, name), because);

    [Fact]
    public void An_empty_table_has_no_routes() =>
        Assert.False(RouteTable.HasRouteThrough(ProcNetRoute.Split('\n')[0] + "\n", "eth0"));
}
