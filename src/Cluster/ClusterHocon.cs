using System.Globalization;
using System.Net;
using System.Reflection;
using Akka.Configuration;
using HoconConfig = Akka.Configuration.Config;

namespace Conlink.Cluster;

/// <summary>The cluster member's HOCON: hocon/cluster.hocon, the user's overrides, and what the options decide.</summary>
public static class ClusterHocon
{
    private const string ResourceName = "Conlink.Cluster.cluster.hocon";

    /// <summary>The actor system's name, the same on every member (it is part of every member's address).</summary>
    public const string SystemName = "conlink";

    public static HoconConfig Default()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }

    /// <summary>The address of a member at <paramref name="endpoint"/>: akka.tcp, or akka.ssl.tcp with TLS.</summary>
    public static string AddressOf(IPEndPoint endpoint, bool tls) =>
        $"{(tls ? "akka.ssl.tcp" : "akka.tcp")}://{SystemName}@{Host(endpoint.Address)}:{endpoint.Port.ToString(CultureInfo.InvariantCulture)}";

    public static HoconConfig For(ClusterMemberOptions options, IReadOnlyList<IPEndPoint> seeds, bool tls)
    {
        var text = string.Join('\n',
            $"akka.remote.dot-netty.tcp.hostname = {Quote(Host(options.Bind.Address))}",
            $"akka.remote.dot-netty.tcp.port = {options.Bind.Port.ToString(CultureInfo.InvariantCulture)}",
            $"akka.remote.dot-netty.tcp.enable-ssl = {(tls ? "on" : "off")}",
            $"akka.cluster.seed-nodes = [{string.Join(", ", seeds.Select(s => Quote(AddressOf(s, tls))))}]");
        var decided = ConfigurationFactory.ParseString(text);
        return (options.Overrides is { } overrides ? decided.WithFallback(overrides) : decided).WithFallback(Default())
            .WithFallback(Akka.DistributedData.DistributedData.DefaultConfig());
    }

    private static string Host(IPAddress address) => address.ToString();

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
