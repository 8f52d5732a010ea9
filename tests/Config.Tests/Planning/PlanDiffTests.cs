using Conlink.Config.Model;
using Conlink.Config.Planning;
using Conlink.Config.Tests.Support;

namespace Conlink.Config.Tests.Planning;

/// <summary>What re-applying a configuration changes on a running container whose links carry several addresses.</summary>
public class PlanDiffTests
{
    private static ContainerIdentity Replica(int index) => new() { Id = $"id-{index}", Name = $"p-node-{index}", Service = "node", Index = index };

    // A written MAC, so that only the addresses differ (a derived MAC follows the addresses: see the last test).
    private static NetworkConfig Config(string fields) => TestConfig.Network($"links: [{{service: node, bridge: s1, {fields}}}]");

    private const string Mac = "mac: 02:00:00:00:01:00, ";

    private static PlanDiff Diff(string oldFields, string newFields, params int[] replicas)
    {
        var (oldConfig, newConfig) = (Config(oldFields), Config(newFields));
        return PlanDiff.Compute(oldConfig, newConfig, replicas.Select(r =>
            (Planner.Plan(Replica(r), oldConfig, PlanningContext.Default), Planner.Plan(Replica(r), newConfig, PlanningContext.Default))));
    }

    [Fact]
    public void Adding_an_ipv6_address_beside_the_ipv4_one_changes_the_link_in_place_showing_both_lists()
    {
        var diff = Diff(Mac + "ip: 10.0.1.10/24", Mac + "ip: [10.0.1.10/24, 'fd00:1::10/64']", 1);

        var link = Assert.Single(Assert.Single(diff.Containers).Links);
        Assert.Equal(LinkChangeKind.InPlace, link.Kind);
        Assert.Equal(["container p-node-1: ~ p-node-1:eth0 in place: ip 10.0.1.10/24 -> 10.0.1.10/24,fd00:1::10/64"], diff.Lines());
    }

    [Fact]
    public void Each_replica_diffs_its_own_offset_addresses_of_both_families()
    {
        var diff = Diff(Mac + "ip: [10.0.1.10/24, 'fd00:1::10/64', 10.0.2.10/24]", Mac + "ip: [10.0.1.10/24, 'fd00:1::20/64']", 1, 3);

        Assert.Equal(
        [
            "container p-node-1: ~ p-node-1:eth0 in place: ip 10.0.1.10/24,fd00:1::10/64,10.0.2.10/24 -> 10.0.1.10/24,fd00:1::20/64",
            "container p-node-3: ~ p-node-3:eth0 in place: ip 10.0.1.12/24,fd00:1::12/64,10.0.2.12/24 -> 10.0.1.12/24,fd00:1::22/64",
        ], diff.Lines());
        Assert.Equal("2 link change(s) in 2 container(s), 0 bridge change(s), 0 tunnel change(s)", diff.Summary);
    }

    [Fact]
    public void The_same_addresses_written_differently_are_no_change()
    {
        var diff = Diff("ip: [10.0.1.10/24, 'fd00:1:0:0::10/64']", "ip: [10.0.1.10/24, 'fd00:1::10/64']", 1, 2);

        Assert.True(diff.IsEmpty);
        Assert.Equal(["no changes: the running links already match the configuration"], diff.Lines());
    }

    [Fact]
    public void A_new_nat_target_beside_an_address_change_re_makes_the_link_and_names_both_fields()
    {
        var diff = Diff(Mac + "ip: [10.0.1.10/24, 'fd00:1::10/64']", Mac + "ip: [10.0.1.10/24, 'fd00:1::11/64'], nat: 'fd00:99::1'", 1);

        var link = Assert.Single(Assert.Single(diff.Containers).Links);
        Assert.Equal(LinkChangeKind.Remake, link.Kind);
        Assert.Equal(["nat", "ip 10.0.1.10/24,fd00:1::10/64 -> 10.0.1.10/24,fd00:1::11/64"], link.Fields);
    }

    [Fact]
    public void Without_a_written_mac_the_derived_one_follows_the_address_list_and_changes_in_place_with_it()
    {
        var diff = Diff("ip: 10.0.1.10/24", "ip: [10.0.1.10/24, 'fd00:1::10/64']", 1);

        var link = Assert.Single(Assert.Single(diff.Containers).Links);
        Assert.Equal(LinkChangeKind.InPlace, link.Kind);
        Assert.Equal(2, link.Fields.Count);
        Assert.StartsWith("mac c2:", link.Fields[0]);
        Assert.Equal("ip 10.0.1.10/24 -> 10.0.1.10/24,fd00:1::10/64", link.Fields[1]);
    }
}
