using Conlink.E2E.Harness;
using Xunit.Abstractions;

namespace Conlink.E2E.Forwards;

/// <summary>
/// Forwards over IPv6 with the conlink sidecar on a real Docker engine: conlink's service is on a
/// Docker network with IPv6 (<c>enable_ipv6</c>, an fd00:: subnet), and a TCP connection from the
/// host to conlink's IPv6 address and a forward's OUTER port reaches the web server behind the
/// bridge, each of two replicas on its own offset port; the same forward works over IPv4 too.
/// Nothing is published: the host reaches conlink's addresses directly on the Docker network.
/// </summary>
public sealed class Ipv6ForwardSidecarTests(ITestOutputHelper output)
{
    /// <summary>Two dual-stack web replicas behind bridge s1, forwarded on 8000 (and 8001); <paramref name="conlinkSysctls"/> goes into conlink's service.</summary>
    private static string Compose(string conlinkSysctls) => """
        services:
          web:
            image: ${NODE_IMAGE}
            init: true
            network_mode: none
            scale: 2
            sysctls:
              - net.ipv6.conf.all.disable_ipv6=0
            command: sh -c 'mkdir -p /www && hostname > /www/index.html && exec httpd -f -p 80 -h /www'
            x-network:
              links:
                - {bridge: s1, ip: [10.66.0.1/24, 'fd00:66:1::1/64'], forward: 8000:80/tcp}

          network:
            image: ${CONLINK_IMAGE}
            pid: host
            cap_add: [SYS_ADMIN, NET_ADMIN, SYS_NICE, NET_BROADCAST, IPC_LOCK]
            security_opt: [apparmor:unconfined]
        """ + conlinkSysctls + """

            networks: [public]
            volumes:
              - /var/run/docker.sock:/var/run/docker.sock
              - ./:/test
            command: /app/conlink --compose-file /test/compose.yaml

        networks:
          public:
            enable_ipv6: true
            ipam:
              config:
                - subnet: 10.66.2.0/24
                - subnet: 'fd00:66:2::/64'
        """;

    private const string WithIpv6Forwarding = """

            sysctls:
              - net.ipv4.ip_forward=1
              - net.ipv6.conf.all.forwarding=1
              - net.ipv6.conf.all.disable_ipv6=0
        """;

    [SkippableFact]
    public async Task A_connection_to_conlinks_ipv6_address_reaches_each_replica_on_its_offset_port()
    {
        await DockerEngine.SkipUnlessReadyAsync(TestImages.Node, TestImages.Conlink);
        await using var project = ComposeProject.FromYaml(Compose(WithIpv6Forwarding), output, testName: "ipv6fwd");
        var leakCheck = await HostLeakCheck.StartAsync(project.Name);

        var log = await project.UpUntilConnectedAsync();

        var (ipv4, ipv6) = await project.DockerAddressesAsync();
        Assert.NotNull(ipv6);
        var replica1 = (await project.ContainerIdAsync("web", 1))[..12];
        var replica2 = (await project.ContainerIdAsync("web", 2))[..12];
        Assert.Equal(replica1, await ConlinkSidecar.HttpGetAsync(ipv6, 8000));
        Assert.Equal(replica2, await ConlinkSidecar.HttpGetAsync(ipv6, 8001));
        Assert.Equal(replica1, await ConlinkSidecar.HttpGetAsync(ipv4, 8000));
        Assert.Equal(replica2, await ConlinkSidecar.HttpGetAsync(ipv4, 8001));
        Assert.DoesNotContain("its forwards go over", log, StringComparison.Ordinal);

        await project.DownAsync();
        await leakCheck.AssertNothingLeftAsync();
    }

    [SkippableFact]
    public async Task Without_the_ipv6_sysctls_in_conlinks_container_the_ipv4_forwards_work_and_a_warning_names_them()
    {
        await DockerEngine.SkipUnlessReadyAsync(TestImages.Node, TestImages.Conlink);
        await using var project = ComposeProject.FromYaml(Compose("""

                sysctls:
                  - net.ipv4.ip_forward=1
            """), output, testName: "ipv6fwd-nosysctl");

        var log = await project.UpUntilConnectedAsync();

        var (ipv4, ipv6) = await project.DockerAddressesAsync();
        Assert.NotNull(ipv6);
        Assert.Equal((await project.ContainerIdAsync("web", 1))[..12], await ConlinkSidecar.HttpGetAsync(ipv4, 8000));
        // Docker's sidecar: /proc/sys read-only, IPv6 forwarding off, and IPv6 disabled on new interfaces (the bridges).
        Assert.Contains("service web, link eth0: its forwards go over IPv4 only; forward over IPv6: IPv6 forwarding is off and IPv6 is disabled on the interfaces "
            + "conlink makes (its bridges) in conlink's namespace, and conlink cannot change that", log, StringComparison.Ordinal);
        Assert.Contains("give conlink's service the sysctls net.ipv6.conf.all.forwarding=1 and net.ipv6.conf.all.disable_ipv6=0", log, StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<Exception>(() => ConlinkSidecar.HttpGetAsync(ipv6, 8000));
    }
}
