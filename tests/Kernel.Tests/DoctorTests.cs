using Conlink.Host.Doctor;
using Conlink.Kernel.Features;
using Conlink.Testing;

namespace Conlink.Kernel.Tests;

/// <summary>
/// <c>conlink doctor</c>'s probes on the real kernel: each verdict agrees with what iproute2, tc and
/// /sys/module say here, the probe leaves no namespace behind, and on Debian's kernel (scripts/test.sh
/// vm) every feature is present.
/// </summary>
[Collection("kernel")]
public sealed class DoctorTests
{
    private const string EverythingYaml = """
        bridges:
          - {bridge: sp, mode: patch}
          - {bridge: so, mode: ovs}
        links:
          - {service: a, bridge: s1, ip: 10.0.0.1/24, nat: 10.1.0.1, netem: delay 1ms}
          - {service: a, dev: e6, bridge: s1, ip: 'fd00:10::1/64', forward: 8080:80/tcp}
          - {service: a, dev: d0, type: dummy}
          - {service: a, dev: v0, type: vlan, vlanid: 5, outer-dev: eth0}
          - {service: a, dev: m0, type: macvlan, outer-dev: eth0}
          - {service: a, dev: m1, type: macvtap, outer-dev: eth0}
          - {service: a, dev: i0, type: ipvlan, outer-dev: eth0}
          - {service: a, dev: i1, type: ipvtap, outer-dev: eth0}
          - {service: a, dev: p0, bridge: sp}
          - {service: b, dev: p0, bridge: sp}
          - {service: b, bridge: so}
        tunnels:
          - {type: vxlan, bridge: s1, remote: 10.9.0.2, vni: 1}
          - {type: geneve, bridge: s1, remote: 10.9.0.2, vni: 2}
        """;

    [SkippableFact]
    public void Each_probe_agrees_with_iproute2_and_leaves_no_namespace_behind()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        var before = Namespaces();

        var checks = KernelDoctor.Check(TestNetwork.FromYaml(EverythingYaml).Config);

        Assert.Equal(KernelFeature.All.Select(f => f.Name), checks.Select(c => c.Feature));
        foreach (var check in checks)
            Assert.True(check.Present == Expected(check.Feature), $"doctor says {check.Feature} is {(check.Present ? "present" : "missing: " + check.Missing)}");
        foreach (var missing in checks.Where(c => !c.Present))
            Assert.False(string.IsNullOrWhiteSpace(missing.Missing));
        Assert.Equal(before, Namespaces());
    }

    [SkippableFact]
    [Trait("Category", "KernelFeature")]
    public void On_a_kernel_with_every_feature_doctor_finds_them_all()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        if (Environment.GetEnvironmentVariable("CONLINK_IN_VM") == "1") KernelProbe.Run("modprobe", ["openvswitch"]);
        var lacking = KernelFeature.All.Where(f => !Expected(f.Name)).Select(f => f.Name).ToList();
        Skip.If(lacking.Count > 0, $"this kernel lacks {string.Join(", ", lacking)}; scripts/test.sh vm runs this test on Debian's kernel");

        var checks = KernelDoctor.Check(TestNetwork.FromYaml(EverythingYaml).Config);

        Assert.Equal(KernelFeature.All.Count, checks.Count);
        Assert.All(checks, c => Assert.True(c.Present, $"{c.Feature}: {c.Missing}"));
    }

    /// <summary>What iproute2, tc, iptables and /sys/module say about a feature, independently of doctor's probes.</summary>
    private static bool Expected(string feature) => feature switch
    {
        "veth" or "bridge" or "dummy" or "vlan" or "macvlan" or "macvtap" or "ipvlan" or "ipvtap" or "vxlan" or "geneve" => KernelFeatures.HasLinkType(feature),
        "netem" => KernelFeatures.HasQdisc("netem"),
        "tc ingress + u32 + mirred" => KernelFeatures.HasMirredRedirect(),
        "iptables nat" => KernelFeatures.HasIptablesNat(),
        "ip6tables nat" => KernelFeatures.HasIp6tablesNat(),
        "openvswitch" => Directory.Exists("/sys/module/openvswitch"),
        _ => throw new ArgumentOutOfRangeException(nameof(feature), feature, "no independent check"),
    };

    private static List<string> Namespaces() =>
        Directory.Exists("/run/netns") ? Directory.GetFiles("/run/netns").Where(f => Path.GetFileName(f).StartsWith("conlink-probe-", StringComparison.Ordinal)).ToList() : [];
}
