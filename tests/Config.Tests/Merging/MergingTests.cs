using Conlink.Config.Loading;
using Conlink.Config.Merging;
using Conlink.Config.Tests.Support;

namespace Conlink.Config.Tests.Merging;

public class MergingTests
{
    private static string Merge(params string[] fragments) =>
        Nodes.Render(ConfigMerger.Merge(fragments.Select((yaml, i) => Nodes.Mapping(yaml, $"f{i}.yaml"))));

    [Fact]
    public void Sections_of_all_fragments_concatenate()
    {
        Assert.Equal(
            "{links:[{service:a,bridge:s1,},{service:b,bridge:s1,},],bridges:[{bridge:s1,},],}",
            Merge("links: [{service: a, bridge: s1}]", "links: [{service: b, bridge: s1}]\nbridges: [{bridge: s1}]"));
    }

    [Fact]
    public void Links_with_the_same_service_and_dev_merge_into_one_with_later_scalars_winning()
    {
        Assert.Equal(
            "{links:[{service:a,bridge:s1,ip:10.0.0.2/24,mtu:1500,},{service:b,bridge:s1,},],}",
            Merge("links: [{service: a, bridge: s1, ip: 10.0.0.1/24}, {service: b, bridge: s1}]",
                  "links: [{service: a, dev: eth0, ip: 10.0.0.2/24, mtu: 1500}]").Replace("dev:eth0,", ""));
    }

    [Fact]
    public void Links_of_different_devs_or_of_a_container_and_a_service_of_the_same_name_stay_apart()
    {
        var merged = Merge("links: [{service: a, bridge: s1}, {container: a, bridge: s1}, {service: a, dev: eth1, bridge: s1}]");

        Assert.Equal("{links:[{service:a,bridge:s1,},{container:a,bridge:s1,},{service:a,dev:eth1,bridge:s1,},],}", merged);
    }

    [Fact]
    public void Routes_ethtool_and_forwards_of_merged_links_append_whether_written_as_strings_or_lists()
    {
        var merged = Merge(
            "links: [{service: a, route: r1, ethtool: [e1], forward: 1:1/tcp}]",
            "links: [{service: a, route: [r2], ethtool: e2, forward: [2:2/tcp]}]");

        Assert.Equal("{links:[{service:a,route:[r1,r2,],ethtool:[e1,e2,],forward:[1:1/tcp,2:2/tcp,],},],}", merged);
    }

    [Fact]
    public void A_later_netem_replaces_an_earlier_one_for_the_same_link()
    {
        var merged = Merge("links: [{service: a, netem: delay 200ms}]", "links: [{service: a, netem: [rate 10mbit delay 40ms]}]");

        Assert.Equal("{links:[{service:a,netem:[rate 10mbit delay 40ms,],},],}", merged);
    }

    [Fact]
    public void Tunnel_netem_is_normalised_to_a_list_but_commands_are_not()
    {
        var merged = Merge("tunnels: [{netem: delay 1ms}]\ncommands: [{command: ls}]");

        Assert.Equal("{tunnels:[{netem:[delay 1ms,],},],commands:[{command:ls,},],}", merged);
    }

    [Fact]
    public void Merged_values_keep_the_position_of_the_fragment_that_supplied_them()
    {
        var merged = ConfigMerger.Merge([
            Nodes.Mapping("links: [{service: a, ip: 10.0.0.1/24, bridge: s1}]", "first.yaml"),
            Nodes.Mapping("links:\n  - {service: a, ip: 10.0.0.2/24}", "second.yaml"),
        ])!;

        var link = (MappingNode)((SequenceNode)merged["links"]!).Items.Single();
        Assert.Equal(new NodeLocation("second.yaml", 2, 22, "links[0].ip"), link["ip"]!.Location);
        Assert.Equal(new NodeLocation("first.yaml", 1, 47, "links[0].bridge"), link["bridge"]!.Location);
    }

    [Fact]
    public void Links_whose_key_cannot_be_read_are_kept_apart_for_validation()
    {
        var merged = Merge("links: [{bridge: s1}, {bridge: s1}, 5]");

        Assert.Equal("{links:[{bridge:s1,},{bridge:s1,},5,],}", merged);
    }

    [Fact]
    public void No_fragments_merge_to_nothing()
    {
        Assert.Null(ConfigMerger.Merge([]));
    }

    [Fact]
    public void Deep_merge_recurses_into_mappings_and_lets_a_later_value_of_another_kind_win()
    {
        var merged = DeepMerge.Merge(Nodes.Mapping("a: {x: 1, l: [1]}\nb: [1]"), Nodes.Mapping("a: {y: 2, l: [2]}\nb: 3"));

        Assert.Equal("{a:{x:1,l:[1,2,],y:2,},b:3,}", Nodes.Render(merged));
    }
}
