using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Conlink.Syntax.Routes;

/// <summary>
/// A route to add or delete, as <c>ip route</c> takes it: <c>default via X</c>, <c>PREFIX via X</c>,
/// <c>PREFIX dev D</c>, with <c>metric</c>, <c>src</c>, <c>table</c> and <c>onlink</c>.
/// <see cref="RouteParser"/> reads the text form; <see cref="ToString"/> writes it back.
/// </summary>
public sealed record RouteSpec
{
    /// <summary>Table ids iproute2 knows by name.</summary>
    public const uint MainTable = 254;
    public const uint LocalTable = 255;
    public const uint DefaultTable = 253;

    /// <summary>The destination; null is the default route.</summary>
    public IPNetwork? Destination { get; init; }

    public IPAddress? Gateway { get; init; }

    /// <summary>The output interface the text names (<c>dev NAME</c>); null leaves it to whoever adds the route.</summary>
    public string? Device { get; init; }

    public uint? Metric { get; init; }

    /// <summary>The preferred source address.</summary>
    public IPAddress? Source { get; init; }

    /// <summary>The routing table; null is the main table.</summary>
    public uint? Table { get; init; }

    /// <summary>Treat the gateway as directly reachable on the device, even outside its subnets.</summary>
    public bool OnLink { get; init; }

    public AddressFamily Family =>
        Destination?.BaseAddress.AddressFamily ?? Gateway?.AddressFamily ?? Source?.AddressFamily ?? AddressFamily.InterNetwork;

    public static RouteSpec Parse(string text) => RouteParser.Parse(text);

    /// <summary>The <c>ip route</c> form, which <see cref="RouteParser"/> reads back to an equal spec.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(Destination is { } destination ? destination.ToString() : "default");
        if (Gateway is not null) text.Append(" via ").Append(Gateway);
        if (Device is { } device) text.Append(" dev ").Append(device);
        if (Metric is { } metric) text.Append(" metric ").Append(metric);
        if (Source is not null) text.Append(" src ").Append(Source);
        if (Table is { } table) text.Append(" table ").Append(table);
        if (OnLink) text.Append(" onlink");
        return text.ToString();
    }
}
