using System.Net;
using System.Net.Sockets;
using Conlink.Utils.Tests.Support;
using Conlink.Utils.Wait;

namespace Conlink.Utils.Tests.Wait;

public sealed class LinuxWaitSystemTests : IDisposable
{
    private readonly TemporaryDirectory _temp = new();

    [Fact]
    public void File_condition_holds_for_files_and_directories_that_exist()
    {
        var system = new LinuxWaitSystem();
        var file = _temp.Write("present", "");

        Assert.True(system.FileExists(file));
        Assert.True(system.FileExists(_temp.Path));
        Assert.False(system.FileExists(_temp.Join("absent")));
    }

    [Fact]
    public void Interface_condition_looks_for_the_interface_in_sysfs()
    {
        Directory.CreateDirectory(_temp.Join("net", "eth0"));
        var system = new LinuxWaitSystem(sysClassNet: _temp.Join("net"));

        Assert.True(system.InterfaceExists("eth0"));
        Assert.False(system.InterfaceExists("eth1"));
    }

    [Fact]
    public void Loopback_interface_exists_on_the_real_system() =>
        Assert.True(new LinuxWaitSystem().InterfaceExists("lo"));

    [Fact]
    public void Route_condition_reads_the_route_table_file_and_a_missing_table_means_no_route()
    {
        var table = _temp.Write("route", "Iface\tDestination\neth0\t00000000\n");

        Assert.True(new LinuxWaitSystem(procNetRoute: table).InterfaceHasRoute("eth0"));
        Assert.False(new LinuxWaitSystem(procNetRoute: table).InterfaceHasRoute("eth1"));
        Assert.False(new LinuxWaitSystem(procNetRoute: _temp.Join("absent")).InterfaceHasRoute("eth0"));
    }

    [Fact]
    public void Tcp_condition_holds_when_a_loopback_listener_accepts()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        Assert.True(new LinuxWaitSystem().TcpPortAccepts("127.0.0.1", port));
        Assert.True(new LinuxWaitSystem().TcpPortAccepts("localhost", port));
    }

    [Fact]
    public void Tcp_condition_fails_for_a_closed_port_and_an_unknown_host()
    {
        int closedPort;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            closedPort = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        Assert.False(new LinuxWaitSystem().TcpPortAccepts("127.0.0.1", closedPort));
        Assert.False(new LinuxWaitSystem().TcpPortAccepts("no-such-host.invalid", 80));
    }

    [Fact]
    public void Command_condition_is_the_exit_status_of_sh_c()
    {
        var system = new LinuxWaitSystem();

        Assert.True(system.CommandSucceeds("test -d /"));
        Assert.False(system.CommandSucceeds("exit 3"));
    }

    public void Dispose() => _temp.Dispose();
}
