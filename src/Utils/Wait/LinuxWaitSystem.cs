using System.Diagnostics;
using System.Net.Sockets;

namespace Conlink.Utils.Wait;

/// <summary>The real system: files, sysfs, the routing table, TCP connections and <c>sh -c</c>.</summary>
public sealed class LinuxWaitSystem(
    string sysClassNet = "/sys/class/net",
    string procNetRoute = "/proc/net/route",
    TimeSpan? connectTimeout = null) : IWaitSystem
{
    private readonly TimeSpan _connectTimeout = connectTimeout ?? TimeSpan.FromSeconds(2);

    public bool FileExists(string path) => Path.Exists(path);

    public bool InterfaceExists(string name) => Directory.Exists(Path.Join(sysClassNet, name));

    public bool InterfaceHasRoute(string name)
    {
        try
        {
            return RouteTable.HasRouteThrough(File.ReadAllText(procNetRoute), name);
        }
        catch (IOException)
        {
            return false;
        }
    }

    public bool TcpPortAccepts(string host, int port)
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(_connectTimeout);
        try
        {
            client.ConnectAsync(host, port, timeout.Token).AsTask().GetAwaiter().GetResult();
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    public bool CommandSucceeds(string command)
    {
        var shell = CommandLocator.Locate("sh", Environment.GetEnvironmentVariable("PATH"))
                    ?? throw ToolError.Failure($"--cmd needs a shell, and there is no 'sh' to run: {command}");
        using var process = Process.Start(new ProcessStartInfo(shell) { ArgumentList = { "-c", command } })!;
        process.WaitForExit();
        return process.ExitCode == 0;
    }

    public void Sleep(TimeSpan interval) => Thread.Sleep(interval);

    public void SetUmask(UnixFileMode mask) => Umask.Set(mask);
}
