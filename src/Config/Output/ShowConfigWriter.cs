using System.Text.Encodings.Web;
using System.Text.Json;
using Conlink.Config.Model;
using Conlink.Config.Validation;

namespace Conlink.Config.Output;

/// <summary>
/// Writes a <see cref="NetworkConfig"/> as the original's <c>--show-config</c> JSON: top-level
/// <c>bridges</c> (name to {bridge, mode}), <c>tunnels</c> (null when there are none),
/// <c>containers</c> and <c>services</c> (name to {links, commands}); kebab-case link keys, the
/// link's bridge as an object, forwards as [outer, inner, proto], and the internal <c>base</c>.
/// </summary>
public static class ShowConfigWriter
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(NetworkConfig config, Stream output)
    {
        using var json = new Utf8JsonWriter(output, Options);
        json.WriteStartObject();

        json.WriteStartObject("bridges");
        foreach (var (name, bridge) in config.Bridges)
        {
            json.WritePropertyName(name);
            WriteBridge(json, bridge);
        }
        json.WriteEndObject();

        json.WritePropertyName("tunnels");
        if (config.Tunnels.Count == 0) json.WriteNullValue();
        else WriteArray(json, config.Tunnels, WriteTunnel);

        WriteEndpoints(json, "containers", config.Containers);
        WriteEndpoints(json, "services", config.Services);
        json.WriteEndObject();
    }

    public static string ToJson(NetworkConfig config)
    {
        using var buffer = new MemoryStream();
        Write(config, buffer);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteBridge(Utf8JsonWriter json, BridgeSpec bridge)
    {
        json.WriteStartObject();
        json.WriteString("bridge", bridge.Name);
        json.WriteString("mode", EnumNames.Name(bridge.Mode));
        if (bridge.Span is { } span)
        {
            json.WriteString("span", ClusterSpan.Cluster);
            json.WriteNumber("vni", span.Vni);
        }
        json.WriteEndObject();
    }

    // The original prints a tunnel as the user wrote it, with the bridge as a plain name.
    private static void WriteTunnel(Utf8JsonWriter json, TunnelSpec tunnel)
    {
        json.WriteStartObject();
        json.WriteString("type", EnumNames.Name(tunnel.Type));
        json.WriteString("bridge", tunnel.Bridge.Name);
        json.WriteString("remote", tunnel.Remote.ToString());
        json.WriteNumber("vni", tunnel.Vni);
        WriteStringsIfAny(json, "netem", tunnel.Netem?.Lines ?? []);
        json.WriteEndObject();
    }

    private static void WriteEndpoints(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, EndpointConfig> endpoints)
    {
        json.WriteStartObject(name);
        foreach (var (owner, endpoint) in endpoints)
        {
            json.WriteStartObject(owner);
            if (endpoint.Links.Count > 0)
            {
                json.WritePropertyName("links");
                WriteArray(json, endpoint.Links, WriteLink);
            }
            if (endpoint.Commands.Count > 0)
            {
                json.WritePropertyName("commands");
                WriteArray(json, endpoint.Commands, WriteCommand);
            }
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    private static void WriteLink(Utf8JsonWriter json, LinkSpec link)
    {
        json.WriteStartObject();
        WriteOwner(json, link.Service, link.Container);
        json.WriteString("type", EnumNames.Name(link.Type));
        json.WriteString("base", EnumNames.Name(link.Base));
        json.WriteString("dev", link.Dev);
        if (link.OuterDev is not null) json.WriteString("outer-dev", link.OuterDev);
        if (link.Bridge is not null)
        {
            json.WritePropertyName("bridge");
            WriteBridge(json, link.Bridge);
        }
        // One address is written as the string it has always been; several as a list, in order.
        if (link.Ips is [var ip]) json.WriteString("ip", ip.ToString());
        else if (link.Ips.Count > 1) WriteStringsIfAny(json, "ip", link.Ips.Select(a => a.ToString()).ToList());
        if (link.Mac is not null) json.WriteString("mac", MacAddresses.Format(link.Mac));
        if (link.Mtu is { } mtu) json.WriteNumber("mtu", mtu);
        if (link.Nat is not null) json.WriteString("nat", link.Nat.ToString());
        if (link.Mode is not null) json.WriteString("mode", link.Mode.Text);
        if (link.VlanId is { } vlanId) json.WriteNumber("vlanid", vlanId);
        WriteStringsIfAny(json, "route", link.Route.Select(r => r.Text).ToList());
        if (link.Forward.Count > 0)
        {
            json.WritePropertyName("forward");
            WriteArray(json, link.Forward, WriteForward);
        }
        WriteStringsIfAny(json, "netem", link.Netem?.Lines ?? []);
        json.WritePropertyName("ethtool");
        WriteArray(json, link.Ethtool, (w, s) => w.WriteStringValue(s));
        json.WriteEndObject();
    }

    private static void WriteForward(Utf8JsonWriter json, ForwardSpec forward)
    {
        json.WriteStartArray();
        json.WriteNumberValue(forward.OuterPort);
        json.WriteNumberValue(forward.InnerPort);
        json.WriteStringValue(EnumNames.Name(forward.Protocol));
        json.WriteEndArray();
    }

    private static void WriteCommand(Utf8JsonWriter json, CommandSpec command)
    {
        json.WriteStartObject();
        WriteOwner(json, command.Service, command.Container);
        if (command.IsShell) json.WriteString("command", command.Command[0]);
        else
        {
            json.WritePropertyName("command");
            WriteArray(json, command.Command, (w, s) => w.WriteStringValue(s));
        }
        json.WriteEndObject();
    }

    private static void WriteOwner(Utf8JsonWriter json, string? service, string? container)
    {
        if (service is not null) json.WriteString("service", service);
        if (container is not null) json.WriteString("container", container);
    }

    private static void WriteStringsIfAny(Utf8JsonWriter json, string name, IReadOnlyList<string> values)
    {
        if (values.Count == 0) return;
        json.WritePropertyName(name);
        WriteArray(json, values, (w, s) => w.WriteStringValue(s));
    }

    private static void WriteArray<T>(Utf8JsonWriter json, IEnumerable<T> items, Action<Utf8JsonWriter, T> write)
    {
        json.WriteStartArray();
        foreach (var item in items) write(json, item);
        json.WriteEndArray();
    }
}
