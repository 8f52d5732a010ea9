using System.Text.Json;

namespace Conlink.Testing;

/// <summary>
/// What one network namespace holds that conlink plans, as sorted one-line facts read back with
/// iproute2 (<c>ip -j</c>, <c>tc -j</c>): interfaces (kind, master, MTU, MAC, up; vxlan id, remote
/// and port), IPv4 addresses, main-table IPv4 routes, and tc qdiscs and ingress filters. Loopback,
/// IPv6 and the kernel's default <c>noqueue</c> qdisc are left out. Two states are equal when they
/// hold the same facts the same number of times, so a duplicate counts as a difference.
/// </summary>
public sealed class NamespaceState
{
    private const int MaxDumpAttempts = 10;

    private NamespaceState(IEnumerable<string> facts) => Facts = facts.Order(StringComparer.Ordinal).ToList();

    public IReadOnlyList<string> Facts { get; }

    public static NamespaceState Of(IEnumerable<string> facts) => new(facts);

    /// <summary>The state of the namespace at <paramref name="path"/> (<c>/proc/PID/ns/net</c>, <c>/run/netns/NAME</c>).</summary>
    /// <param name="withMacs">Include MAC addresses (conlink plans those of container ends only).</param>
    public static NamespaceState Read(string path, bool withMacs)
    {
        var facts = new List<string>();
        foreach (var link in Json(path, "ip", "-j", "-d", "addr", "show").EnumerateArray())
        {
            var name = link.GetProperty("ifname").GetString()!;
            if (name == "lo") continue;
            facts.Add(LinkFact(link, name, withMacs));
            foreach (var address in link.GetProperty("addr_info").EnumerateArray())
                if (address.GetProperty("family").GetString() == "inet")
                    facts.Add($"addr {name} {address.GetProperty("local").GetString()}/{address.GetProperty("prefixlen").GetInt32()}");
        }
        foreach (var route in Json(path, "ip", "-j", "-4", "route", "show", "table", "main").EnumerateArray())
            facts.Add(RouteFact(route.GetProperty("dst").GetString()!, Optional(route, "gateway"), route.GetProperty("dev").GetString()!));
        foreach (var qdisc in Json(path, "tc", "-j", "qdisc", "show").EnumerateArray())
        {
            var kind = qdisc.GetProperty("kind").GetString()!;
            var dev = qdisc.GetProperty("dev").GetString()!;
            if (kind is "noqueue" or "noop" || dev == "lo") continue;
            facts.Add(QdiscFact(kind, dev));
            if (kind == "ingress") facts.AddRange(IngressFilterFacts(path, dev));
        }
        return new NamespaceState(facts);
    }

    public static NamespaceState OfNamed(string netns, bool withMacs = false) => Read($"/run/netns/{netns}", withMacs);

    public static NamespaceState OfProcess(int pid, bool withMacs = true) => Read($"/proc/{pid}/ns/net", withMacs);

    public static string QdiscFact(string kind, string dev) => $"qdisc {kind} dev {dev}";

    public static string MirredFact(string dev, string toDev) => $"filter ingress dev {dev} u32 mirred egress redirect dev {toDev}";

    public static string RouteFact(string destination, string? gateway, string dev) =>
        $"route {destination}{(gateway is null ? "" : " via " + gateway)} dev {dev}";

    /// <summary>What differs from <paramref name="expected"/>, one fact per line; null when nothing does.</summary>
    public string? DifferenceFrom(NamespaceState expected)
    {
        var missing = Subtract(expected.Facts, Facts);
        var unexpected = Subtract(Facts, expected.Facts);
        if (missing.Count == 0 && unexpected.Count == 0) return null;
        return string.Join('\n', missing.Select(f => "  missing:    " + f).Concat(unexpected.Select(f => "  unexpected: " + f)));
    }

    public override string ToString() => string.Join('\n', Facts);

    private static string LinkFact(JsonElement link, string name, bool withMacs)
    {
        var info = link.TryGetProperty("linkinfo", out var i) ? i : (JsonElement?)null;
        var kind = info is { } k && k.TryGetProperty("info_kind", out var kindValue) ? kindValue.GetString()! : "device";
        var fact = $"link {name} {kind}";
        if (Optional(link, "master") is { } master) fact += " master=" + master;
        if (kind is "vxlan" or "geneve" && info?.GetProperty("info_data") is { } data)
            fact += $" id={data.GetProperty("id").GetInt32()} remote={Optional(data, "remote") ?? Optional(data, "remote6")} port={data.GetProperty("port").GetInt32()}";
        else if (kind != "bridge")
        {
            fact += " mtu=" + link.GetProperty("mtu").GetInt32();
            if (withMacs) fact += " mac=" + link.GetProperty("address").GetString();
        }
        var up = link.GetProperty("flags").EnumerateArray().Any(f => f.GetString() == "UP");
        return fact + (up ? " up" : " down");
    }

    private static IEnumerable<string> IngressFilterFacts(string path, string dev) =>
        Json(path, "tc", "-j", "filter", "show", "dev", dev, "ingress").EnumerateArray()
            .Where(f => f.TryGetProperty("options", out var o) && o.TryGetProperty("actions", out _))
            .SelectMany(f => f.GetProperty("options").GetProperty("actions").EnumerateArray().Select(action =>
                action.GetProperty("kind").GetString() == "mirred"
                    ? $"filter ingress dev {dev} {f.GetProperty("kind").GetString()} mirred {action.GetProperty("direction").GetString()} "
                        + $"{action.GetProperty("mirred_action").GetString()} dev {action.GetProperty("to_dev").GetString()}"
                    : $"filter ingress dev {dev} {f.GetProperty("kind").GetString()} {action.GetProperty("kind").GetString()}"));

    private static List<string> Subtract(IEnumerable<string> from, IEnumerable<string> remove)
    {
        var left = from.ToList();
        foreach (var fact in remove) left.Remove(fact);
        return left;
    }

    private static string? Optional(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.GetString() : null;

    private static JsonElement Json(string path, params string[] argv)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (exitCode, stdout, stderr) = KernelProbe.Capture("nsenter", [$"--net={path}", "--", .. argv]);
            if (exitCode != 0) throw new InvalidOperationException($"{string.Join(' ', argv)} in {path} failed: {stdout}{stderr}");
            // The kernel changed what it was dumping (NLM_F_DUMP_INTR): read it again.
            if (stderr.Contains("Dump was interrupted", StringComparison.Ordinal) && attempt < MaxDumpAttempts) continue;
            return JsonDocument.Parse(stdout.Length == 0 ? "[]" : stdout).RootElement.Clone();
        }
    }
}
