namespace Conlink.Kernel.Tools;

/// <summary>The <c>ovs-vsctl</c> calls conlink makes, as argv lists (idempotent forms).</summary>
public static class OvsVsctl
{
    public const string Program = "ovs-vsctl";

    /// <summary>Whether ovs-vsctl is on the search path (PATH when null), so that ovs bridges can be made.</summary>
    public static bool IsInstalled(string? searchPath = null) => ExternalCommand.IsInstalled(Program, searchPath);

    public static IReadOnlyList<string> AddBridge(string bridge) => ["--may-exist", "add-br", bridge];
    public static IReadOnlyList<string> AddPort(string bridge, string port) => ["--may-exist", "add-port", bridge, port];
    public static IReadOnlyList<string> DeletePort(string bridge, string port) => ["--if-exists", "del-port", bridge, port];
    public static IReadOnlyList<string> DeleteBridge(string bridge) => ["--if-exists", "del-br", bridge];

    /// <summary>Where the argv goes; tests replace it with a recording stand-in.</summary>
    public static Func<IReadOnlyList<string>, string> Runner { get; set; } = args => ExternalCommand.Run(Program, args);

    public static string Run(IReadOnlyList<string> args) => Runner(args);
}
