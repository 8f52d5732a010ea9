namespace Conlink.E2E.Harness;

/// <summary>
/// What a test could leave behind on the host: its network interfaces, its named network
/// namespaces and its iptables rules (one entry per rule or chain, prefixed by its table).
/// Named namespaces count only when an end-to-end test or conlink could have made them
/// (<c>e2e-*</c>, conlink's default <c>conlink</c>): the kernel-level test suites make and remove
/// their own throwaway ones, and may run at the same time.
/// </summary>
public sealed record HostState(
    IReadOnlySet<string> Interfaces,
    IReadOnlySet<string> NamedNamespaces,
    IReadOnlySet<string> IptablesEntries)
{
    private static readonly TimeSpan IptablesTimeout = TimeSpan.FromSeconds(30);

    public static async Task<HostState> ReadAsync() => new(
        EntriesOf("/sys/class/net"),
        EntriesOf("/run/netns").Where(IsEndToEndNamespace).ToHashSet(),
        await IptablesEntriesAsync());

    public static bool IsEndToEndNamespace(string name) =>
        name == "conlink" || name.StartsWith("e2e-", StringComparison.Ordinal);

    /// <summary>What this state has that <paramref name="before"/> had not, described for a person.</summary>
    public IReadOnlyList<string> AddedSince(HostState before) =>
    [
        .. Interfaces.Except(before.Interfaces).Select(name => $"host interface {name}"),
        .. NamedNamespaces.Except(before.NamedNamespaces).Select(name => $"network namespace {name}"),
        .. IptablesEntries.Except(before.IptablesEntries).Select(entry => $"iptables {entry}"),
    ];

    private static HashSet<string> EntriesOf(string directory) =>
        System.IO.Directory.Exists(directory)
            ? System.IO.Directory.EnumerateFileSystemEntries(directory).Select(Path.GetFileName).OfType<string>().ToHashSet()
            : [];

    // "*nat" starts a table; ":CHAIN POLICY [packets:bytes]" declares a chain; "-A CHAIN ..." is a rule
    private static async Task<HashSet<string>> IptablesEntriesAsync()
    {
        CommandResult saved;
        try
        {
            saved = await Command.RunAsync("iptables-save", [], IptablesTimeout);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException("iptables-save is not installed: run scripts/setup.sh");
        }
        saved.EnsureSuccess();
        var entries = new HashSet<string>();
        var table = "";
        foreach (var line in saved.Stdout.Split('\n', StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith('*')) table = line[1..];
            else if (line.StartsWith(':')) entries.Add($"{table} chain {line[1..].Split(' ')[0]}");
            else if (line.StartsWith("-A ", StringComparison.Ordinal)) entries.Add($"{table} {line}");
        }
        return entries;
    }
}
