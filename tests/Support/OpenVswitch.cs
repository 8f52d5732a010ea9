namespace Conlink.Testing;

/// <summary>
/// A private Open vSwitch for one test: ovsdb-server with a fresh database at the default socket
/// (where conlink's <c>ovs-vsctl</c> looks), and ovs-vswitchd inside the namespace where the engine
/// keeps its bridges (ovs-vswitchd finds ports by name in its own namespace). Disposing stops both and
/// removes the datapath. It starts only inside the vm level's VM (scripts/test.sh vm, which sets
/// CONLINK_IN_VM=1): on any other machine it would take over the machine's own Open vSwitch.
/// </summary>
public sealed class OpenVswitch : IDisposable
{
    private const string RunDirectory = "/var/run/openvswitch";
    private readonly string _directory;

    private OpenVswitch(string directory) => _directory = directory;

    /// <summary>Why a private Open vSwitch cannot run here; null when it can.</summary>
    public static string? Missing { get; } = FindMissing();

    public static OpenVswitch Start(string bridgeNamespace)
    {
        if (Missing is not null) throw new InvalidOperationException(Missing);
        var directory = Directory.CreateTempSubdirectory("conlink-ovs-").FullName;
        var ovs = new OpenVswitch(directory);
        try
        {
            Directory.CreateDirectory(RunDirectory);
            Must("ovsdb-tool", "create", Path.Combine(directory, "conf.db"), "/usr/share/openvswitch/vswitch.ovsschema");
            Must("ovsdb-server", Path.Combine(directory, "conf.db"), $"--remote=punix:{RunDirectory}/db.sock",
                "--pidfile", "--detach", $"--log-file={Path.Combine(directory, "ovsdb-server.log")}");
            Must("ovs-vsctl", "--timeout=60", "--no-wait", "init");
            Must("ip", "netns", "exec", bridgeNamespace, "ovs-vswitchd", "--pidfile", "--detach",
                $"--log-file={Path.Combine(directory, "ovs-vswitchd.log")}");
            return ovs;
        }
        catch
        {
            ovs.Dispose();
            throw;
        }
    }

    /// <summary>Runs <c>ovs-vsctl</c>: its exit code and output.</summary>
    public static (int ExitCode, string Output) Vsctl(params string[] args) => KernelProbe.Run("ovs-vsctl", ["--timeout=30", .. args]);

    public static List<string> Bridges() => Lines(Vsctl("list-br").Output);

    public static List<string> Ports(string bridge) => Lines(Vsctl("list-ports", bridge).Output);

    public void Dispose()
    {
        KernelProbe.Run("ovs-appctl", ["--timeout=30", "-t", "ovs-vswitchd", "exit", "--cleanup"]);
        KernelProbe.Run("ovs-appctl", ["--timeout=30", "-t", "ovsdb-server", "exit"]);
        Directory.Delete(_directory, recursive: true);
    }

    private static void Must(string program, params string[] args)
    {
        var (exitCode, output) = KernelProbe.Run(program, args);
        if (exitCode != 0) throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited {exitCode}: {output}");
    }

    private static List<string> Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static string? FindMissing()
    {
        if (!KernelProbe.IsRoot) return "needs root to run Open vSwitch";
        var inVm = Environment.GetEnvironmentVariable("CONLINK_IN_VM") == "1";
        if (inVm) KernelProbe.Run("modprobe", ["openvswitch"]);
        if (!Directory.Exists("/sys/module/openvswitch"))
            return "this kernel has no openvswitch module loaded; scripts/test.sh vm runs this test on Debian's kernel";
        if (!File.Exists("/usr/sbin/ovs-vswitchd") || !File.Exists("/usr/bin/ovs-vsctl"))
            return "Open vSwitch is not installed (scripts/test.sh vm installs Debian's openvswitch-switch)";
        if (!inVm) return "this test starts its own Open vSwitch, which it does only in the vm level's VM (scripts/test.sh vm)";
        return null;
    }
}
