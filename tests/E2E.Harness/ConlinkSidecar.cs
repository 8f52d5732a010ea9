namespace Conlink.E2E.Harness;

/// <summary>
/// The conlink sidecar of an example: the service named <c>network</c>, and the log line that
/// says every planned link is up.
/// </summary>
public static class ConlinkSidecar
{
    public const string Service = "network";
    public const string AllConnected = "All links connected";

    /// <summary>How long conlink may take to connect an example's links (most take well under a second).</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The sidecar service as a compose file lists it under <c>services:</c> (indented two spaces and starting
    /// on a line of its own, so it follows the other services, written in a raw string literal): conlink's image with the host's pids, the capabilities it needs, the
    /// Docker socket and the project folder at /test, run on /test/compose.yaml plus <paramref name="arguments"/>.
    /// </summary>
    public static string ServiceYaml(string arguments = "") => $$"""

          {{Service}}:
            image: ${CONLINK_IMAGE}
            pid: host
            network_mode: none
            cap_add: [SYS_ADMIN, NET_ADMIN, SYS_NICE, NET_BROADCAST, IPC_LOCK]
            security_opt: [apparmor:unconfined]
            volumes:
              - /var/run/docker.sock:/var/run/docker.sock
              - ./:/test
            command: /app/conlink --compose-file /test/compose.yaml{{(arguments.Length > 0 ? " " + arguments : "")}}

        """;

    /// <summary>Brings the project (or the given services) up and waits for "All links connected".</summary>
    public static async Task<string> UpUntilConnectedAsync(this ComposeProject project, params string[] services)
    {
        await project.UpAsync(services);
        return await project.WaitUntilConnectedAsync();
    }

    /// <summary>Waits until the sidecar has said "All links connected" <paramref name="times"/> times; returns its log.</summary>
    public static Task<string> WaitUntilConnectedAsync(this ComposeProject project, int times = 1) =>
        project.WaitForLogAsync(Service, AllConnected, ConnectTimeout, times);

    /// <summary>
    /// The addresses clients reach the sidecar's forwards at: the IPv4 address and the global IPv6
    /// address (null without one) of its Docker interface, as its namespace shows them.
    /// </summary>
    public static async Task<(System.Net.IPAddress Ipv4, System.Net.IPAddress? Ipv6)> DockerAddressesAsync(this ComposeProject project)
    {
        var docker = (await project.SidecarInterfacesAsync()).Single(i => i.Name == "DOCKER-ETH0");
        return (docker.Ipv4Addresses.Single().Address, docker.Ipv6Addresses.Select(a => a.Address).FirstOrDefault(a => !a.IsIPv6LinkLocal));
    }

    /// <summary>The body of <c>GET http://ADDRESS:PORT/</c> (IPv6 in brackets), trimmed.</summary>
    public static async Task<string> HttpGetAsync(System.Net.IPAddress address, int port)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var host = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        return (await http.GetStringAsync($"http://{host}:{port}/")).Trim();
    }

    /// <summary>The interfaces of conlink's own namespace, where its bridges and the outer ends of veth links live.</summary>
    public static Task<IReadOnlyList<ContainerInterface>> SidecarInterfacesAsync(this ComposeProject project) =>
        project.InterfacesAsync(Service);
}
