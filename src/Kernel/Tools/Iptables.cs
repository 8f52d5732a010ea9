using Conlink.Netlink.Namespaces;

namespace Conlink.Kernel.Tools;

/// <summary>
/// The iptables rules conlink manages, as argv lists: a link's stateless NAT inside its container,
/// and port forwards in conlink's own namespace. Adding is idempotent: each rule is deleted
/// (if present) before it is inserted.
/// </summary>
public static class Iptables
{
    public static IEnumerable<IReadOnlyList<string>> NatRules(string dev, string natAddress, string linkAddress) =>
    [
        ["-t", "nat", "PREROUTING", "-i", dev, "-j", "DNAT", "--to-destination", natAddress],
        ["-t", "nat", "POSTROUTING", "-o", dev, "-j", "SNAT", "--to-source", linkAddress],
    ];

    private const string OwnerTag = "conlink ";

    /// <summary>
    /// A port forward: traffic to the port from the Docker interface goes to IP:PORT, marked for
    /// masquerading. Both rules carry the comment <c>conlink OWNER</c> (the link's outer end), so
    /// the rules of a link that is gone can be found and removed after a crash.
    /// </summary>
    public static IEnumerable<IReadOnlyList<string>> ForwardRules(string owner, string dockerDev, int outerPort, string ip, int innerPort, string protocol) =>
    [
        ["-t", "nat", "PREROUTING", "-i", dockerDev, "-p", protocol, "--dport", $"{outerPort}", "-m", "comment", "--comment", OwnerTag + owner,
            "-j", "DNAT", "--to-destination", $"{ip}:{innerPort}"],
        ["-t", "nat", "PREROUTING", "-i", dockerDev, "-p", protocol, "--dport", $"{outerPort}", "-m", "comment", "--comment", OwnerTag + owner,
            "-j", "MARK", "--set-mark", "1"],
    ];

    /// <summary>The forward rules in the namespace that carry conlink's comment, with the owner each names.</summary>
    public static IReadOnlyList<(string Owner, IReadOnlyList<string> Rule)> OwnedForwardRules(NetNs? ns) =>
        ExternalCommand.Run("iptables", ["-w", "-t", "nat", "-S", "PREROUTING"], ns)
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
    public static void Ensure(NetNs? ns, IEnumerable<IReadOnlyList<string>> rules)
    {
        foreach (var rule in rules)
        {
            RemoveAll(ns, rule);
            ExternalCommand.Run("iptables", Insert(rule), ns);
        }
    }

    public static void Remove(NetNs? ns, IEnumerable<IReadOnlyList<string>> rules)
    {
        foreach (var rule in rules) RemoveAll(ns, rule);
    }

    private static void RemoveAll(NetNs? ns, IReadOnlyList<string> rule)
    {
        while (Exists(ns, rule)) ExternalCommand.Run("iptables", WithVerb("-D", rule), ns);
    }

    private static bool Exists(NetNs? ns, IReadOnlyList<string> rule)
    {
        try
        {
            ExternalCommand.Run("iptables", WithVerb("-C", rule), ns);
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
