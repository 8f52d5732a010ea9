using Conlink.Actors.Control;
using Conlink.Config.Planning;

namespace Conlink.Actors.Tests;

public sealed class LinkTargetTests
{
    private static ContainerIdentity C(string name, string? service = null, int index = 1) => new() { Id = name + "-id", Name = name, Service = service, Index = index };

    private static readonly ContainerIdentity[] Running =
    [
        C("proj-r1-1", "r1", 1), C("proj-node-1", "node", 1), C("proj-node-2", "node", 2), C("standalone"),
    ];

    [Theory]
    [InlineData("proj-node-2:eth0", "proj-node-2", "eth0")]
    [InlineData("standalone:eth1", "standalone", "eth1")]
    [InlineData("r1:eth0", "proj-r1-1", "eth0")]
    [InlineData("node_2:eth0", "proj-node-2", "eth0")]
    [InlineData("r1_1:eth3", "proj-r1-1", "eth3")]
    public void A_target_names_a_container_by_its_name_its_single_replica_service_or_service_and_index(string target, string container, string dev)
    {
        var (resolved, error) = LinkTarget.Resolve(target, Running);

        Assert.Null(error);
        Assert.Equal(container, resolved!.Container.Name);
        Assert.Equal(dev, resolved.Dev);
    }

    [Fact]
    public void A_service_with_several_replicas_must_be_given_its_index()
    {
        var (resolved, error) = LinkTarget.Resolve("node:eth0", Running);

        Assert.Null(resolved);
        Assert.Equal("service node has 2 replicas; name one: node_1:eth0, node_2:eth0", error);
    }

    [Theory]
    [InlineData("eth0")]
    [InlineData(":eth0")]
    [InlineData("node_1:")]
    public void A_target_without_both_parts_is_refused(string target)
    {
        var (_, error) = LinkTarget.Resolve(target, Running);

        Assert.StartsWith($"'{target}' is not a link", error, StringComparison.Ordinal);
    }
}
