using Conlink.Config;
using Conlink.Config.Model;
using Conlink.Host.Doctor;

namespace Conlink.Host.Tests;

public sealed class FeatureNeedsTests
{
    private static NetworkConfig Load(string yaml, ConfigLoadOptions? options = null)
    {
        var file = Path.Combine(Path.GetTempPath(), $"conlink-needs-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, yaml);
        try
        {
            return ConfigLoader.Load(new ConfigSources([], [file]), options ?? new ConfigLoadOptions());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Every_feature_a_config_can_need_is_listed_once_with_everything_that_needs_it()
    {
        var config = Load("""
            bridges:
              - {bridge: sp, mode: patch}
              - {bridge: so, mode: ovs}
            links:
              - {service: a, bridge: s1, ip: 10.0.0.1/24, nat: 10.1.0.1, netem: delay 1ms}
              - {service: a, dev: e6, bridge: s1, ip: 'fd00:10::1/64', nat: 'fd00:11::1'}
              - {service: a, dev: f6, bridge: s1, ip: 'fd00:12::1/64', forward: 8080:80/tcp}
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
              - {type: geneve, bridge: s1, remote: 10.9.0.2, vni: 2, netem: loss 1%}
            """, new ConfigLoadOptions { AutoBridgeMode = BridgeMode.Linux });

        var needs = FeatureNeeds.Of(config).Select(n => $"{n.Feature.Name}: {string.Join("; ", n.NeededBy)}");

        Assert.Equal(
        [
            "veth: service a, link eth0; service a, link e6; service a, link f6; service a, link p0; service b, link p0; service b, link eth0",
            "bridge: bridge s1 (linux, from auto)",
            "dummy: service a, link d0",
            "vlan: service a, link v0",
            "macvlan: service a, link m0",
            "macvtap: service a, link m1",
            "ipvlan: service a, link i0",
            "ipvtap: service a, link i1",
            "vxlan: tunnel vxlan-1",
            "geneve: tunnel geneve-2",
            "netem: service a, link eth0; tunnel geneve-2",
            "tc ingress + u32 + mirred: bridge sp (patch)",
            "iptables nat: service a, link eth0",
            "ip6tables nat: service a, link e6; service a, link f6",
            "openvswitch: bridge so (ovs)",
        ], needs);
    }

    [Fact]
    public void An_auto_bridge_needs_openvswitch_only_when_auto_chose_ovs()
    {
        const string yaml = "links: [{service: a, bridge: s1}]";

        Assert.Equal(["veth", "bridge"], FeatureNeeds.Of(Load(yaml, new ConfigLoadOptions { AutoBridgeMode = BridgeMode.Linux })).Select(n => n.Feature.Name));
        var withOvs = FeatureNeeds.Of(Load(yaml, new ConfigLoadOptions { AutoBridgeMode = BridgeMode.Ovs }));
        Assert.Equal(["veth", "openvswitch"], withOvs.Select(n => n.Feature.Name));
        Assert.Equal(["bridge s1 (ovs, from auto)"], withOvs[1].NeededBy);
    }

    [Fact]
    public void A_config_without_links_needs_nothing()
    {
        Assert.Empty(FeatureNeeds.Of(NetworkConfig.Empty));
    }

    [Fact]
    public void Each_feature_names_the_modules_to_load()
    {
        Assert.Equal("modprobe 8021q", Kernel.Features.KernelFeature.Vlan.LoadCommand);
        Assert.Equal("modprobe sch_ingress; modprobe cls_u32; modprobe act_mirred", Kernel.Features.KernelFeature.TcMirred.LoadCommand);
    }
}
