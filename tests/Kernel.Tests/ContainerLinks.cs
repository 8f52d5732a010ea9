using System.Text.Json;
using Conlink.Testing;

namespace Conlink.Kernel.Tests;

/// <summary>A container's interfaces as the kernel reports them (<c>ip -j -d addr show</c> in its namespace).</summary>
public static class ContainerLinks
{
    public static JsonElement Interface(int pid, string name) =>
        KernelProbe.LinksOf(pid).EnumerateArray().Single(l => l.GetProperty("ifname").GetString() == name);

    public static bool Has(int pid, string name) =>
        KernelProbe.LinksOf(pid).EnumerateArray().Any(l => l.GetProperty("ifname").GetString() == name);

    public static List<string> Names(int pid) =>
        KernelProbe.LinksOf(pid).EnumerateArray().Select(l => l.GetProperty("ifname").GetString()!).Order().ToList();

    public static List<string> Ipv4(JsonElement link) =>
        link.GetProperty("addr_info").EnumerateArray().Where(a => a.GetProperty("family").GetString() == "inet")
            .Select(a => $"{a.GetProperty("local").GetString()}/{a.GetProperty("prefixlen").GetInt32()}").ToList();

    /// <summary>The link's IPv6 addresses with their prefix, link-local ones included.</summary>
    public static List<string> Ipv6(JsonElement link) =>
        link.GetProperty("addr_info").EnumerateArray().Where(a => a.GetProperty("family").GetString() == "inet6")
            .Select(a => $"{a.GetProperty("local").GetString()}/{a.GetProperty("prefixlen").GetInt32()}").ToList();

    /// <summary>The link type (<c>linkinfo.info_kind</c>), null for devices without one.</summary>
    public static string? Kind(JsonElement link) =>
        link.TryGetProperty("linkinfo", out var info) ? info.GetProperty("info_kind").GetString() : null;

    /// <summary>A type-specific setting (<c>linkinfo.info_data.KEY</c>), such as a macvlan's mode.</summary>
    public static string? Data(JsonElement link, string key) =>
        link.GetProperty("linkinfo").TryGetProperty("info_data", out var data) && data.TryGetProperty(key, out var value)
            ? value.ToString()
            : null;
}
