using System.Net;
using System.Net.Sockets;
using Conlink.Netlink.Namespaces;

namespace Conlink.Kernel.Tools;

/// <summary>
/// The iptables rules conlink manages, as argv lists: a link's stateless NAT inside its container,
/// and port forwards in conlink's own namespace. Adding is idempotent: each rule is deleted
/// (if present) before it is inserted. IPv4 rules go to <c>iptables</c>, IPv6 rules to
/// <c>ip6tables</c>, with the same argv.
/// </summary>
public static class Iptables
{
    /// <summary>The program for rules of <paramref name="family"/>.</summary>
    public static string Program(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? "ip6tables" : "iptables";

    public static IEnumerable<IReadOnlyList<string>> NatRules(string dev, IPAddress natAddress, IPAddress linkAddress) =>
    [
        ["-t", "nat", "PREROUTING", "-i", dev, "-j", "DNAT", "--to-destination", natAddress.ToString()],
        ["-t", "nat", "POSTROUTING", "-o", dev, "-j", "SNAT", "--to-source", linkAddress.ToString()],
    ];

    /// <summary>An address and port as DNAT takes them: <c>10.0.0.1:80</c>, <c>[fd00::1]:80</c>.</summary>
    public static string Endpoint(IPAddress address, int port) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]:{port}" : $"{address}:{port}";

    private const string OwnerTag = "conlink ";

    /// <summary>
    /// A port forward: traffic to the port from the Docker interface goes to IP:PORT, marked for
    /// masquerading. Both rules carry the comment <c>conlink OWNER</c> (the link's outer end), so
    /// the rules of a link that is gone can be found and removed after a crash.
    /// </summary>
    public static IEnumerable<IReadOnlyList<string>> ForwardRules(string owner, string dockerDev, int outerPort, IPAddress ip, int innerPort, string protocol) =>
    [
        ["-t", "nat", "PREROUTING", "-i", dockerDev, "-p", protocol, "--dport", $"{outerPort}", "-m", "comment", "--comment", OwnerTag + owner,
            "-j", "DNAT", "--to-destination", Endpoint(ip, innerPort)],
        ["-t", "nat", "PREROUTING", "-i", dockerDev, "-p", protocol, "--dport", $"{outerPort}", "-m", "comment", "--comment", OwnerTag + owner,
            "-j", "MARK", "--set-mark", "1"],
    ];

    /// <summary>The forward rules in the namespace that carry conlink's comment, with the owner each names.</summary>
    public static IReadOnlyList<(string Owner, IReadOnlyList<string> Rule)> OwnedForwardRules(NetNs? ns, AddressFamily family = AddressFamily.InterNetwork) =>
        ExternalCommand.Run(Program(family), ["-w", "-t", "nat", "-S", "PREROUTING"], ns)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(RuleWords)
            .Where(words => words is ["-A", "PREROUTING", ..])
            .Select(words => (Owner: CommentOf(words), Rule: (IReadOnlyList<string>)["-t", "nat", "PREROUTING", .. words.Skip(2)]))
            .Where(r => r.Owner?.StartsWith(OwnerTag, StringComparison.Ordinal) == true)
            .Select(r => (r.Owner![OwnerTag.Length..], r.Rule))
            .ToList();

    private static string? CommentOf(IReadOnlyList<string> words)
    {
        for (var i = 0; i < words.Count - 1; i++)
            if (words[i] == "--comment") return words[i + 1];
        return null;
    }

    /// <summary>Splits one line of <c>iptables -S</c> into words; iptables double-quotes words with spaces.</summary>
    internal static IReadOnlyList<string> RuleWords(string line)
    {
        var words = new List<string>();
        var word = new System.Text.StringBuilder();
        var quoted = false;
        var inWord = false;
        foreach (var c in line)
        {
            if (c == '"') { quoted = !quoted; inWord = true; }
            else if (c == ' ' && !quoted)
            {
                if (inWord) words.Add(word.ToString());
                word.Clear();
                inWord = false;
            }
            else { word.Append(c); inWord = true; }
        }
        if (inWord) words.Add(word.ToString());
        return words;
    }

    /// <summary>Forwarded traffic leaves through the bridge from conlink's address, so the replies come back to conlink.</summary>
    public static IEnumerable<IReadOnlyList<string>> MasqueradeRule(string bridge) =>
    [
        ["-t", "nat", "POSTROUTING", "-o", bridge, "-m", "mark", "--mark", "1", "-j", "MASQUERADE"],
    ];

    /// <summary>Makes sure each rule is present exactly once (first in its chain).</summary>
    public static void Ensure(NetNs? ns, IEnumerable<IReadOnlyList<string>> rules, AddressFamily family = AddressFamily.InterNetwork)
    {
        var program = Program(family);
        foreach (var rule in rules)
        {
            RemoveAll(ns, rule, program);
            ExternalCommand.Run(program, Insert(rule), ns);
        }
    }

    public static void Remove(NetNs? ns, IEnumerable<IReadOnlyList<string>> rules, AddressFamily family = AddressFamily.InterNetwork)
    {
        foreach (var rule in rules) RemoveAll(ns, rule, Program(family));
    }

    private static void RemoveAll(NetNs? ns, IReadOnlyList<string> rule, string program)
    {
        while (Exists(ns, rule, program)) ExternalCommand.Run(program, WithVerb("-D", rule), ns);
    }

    private static bool Exists(NetNs? ns, IReadOnlyList<string> rule, string program)
    {
        try
        {
            ExternalCommand.Run(program, WithVerb("-C", rule), ns);
            return true;
        }
        catch (ToolException e) when (!e.Message.Contains("not installed", StringComparison.Ordinal))
        {
            return false;
        }
    }

    private static IReadOnlyList<string> Insert(IReadOnlyList<string> rule) => WithVerb("-I", rule);

    /// <summary>
    /// Rules are written as <c>-t TABLE CHAIN match...</c>; the verb goes before the chain. <c>-w</c>
    /// waits for the xtables lock that legacy iptables takes across all namespaces, where two
    /// containers' rules would otherwise collide.
    /// </summary>
    private static IReadOnlyList<string> WithVerb(string verb, IReadOnlyList<string> rule) => ["-w", rule[0], rule[1], verb, .. rule.Skip(2)];
}
