using Conlink.Config.Loading;
using Conlink.Config.Tests.Support;

namespace Conlink.Config.Tests.Loading;

public class FragmentExtractorTests
{
    private static (List<MappingNode> Fragments, List<ConfigError> Errors) Extract(ConfigDocumentKind kind, string yaml)
    {
        var errors = new List<ConfigError>();
        var fragments = FragmentExtractor.Extract(kind, Nodes.Parse(yaml, "c.yaml"), errors).ToList();
        return (fragments, errors);
    }

    [Fact]
    public void Compose_files_yield_the_top_level_section_then_each_service_section_in_order()
    {
        const string yaml = """
            services:
              b:
                x-network: {links: [{bridge: s2}]}
              a:
                image: alpine
              c:
                x-network: {links: [{bridge: s3}]}
            x-network:
              links: [{service: a, bridge: s1}]
            """;

        var (fragments, errors) = Extract(ConfigDocumentKind.Compose, yaml);

        Assert.Empty(errors);
        Assert.Equal(
            ["{links:[{service:a,bridge:s1,},],}", "{links:[{bridge:s2,service:'b',},],}", "{links:[{bridge:s3,service:'c',},],}"],
            fragments.Select(Nodes.Render));
    }

    [Fact]
    public void A_service_link_that_names_its_own_service_keeps_it()
    {
        var (fragments, _) = Extract(ConfigDocumentKind.Compose, "services:\n  a:\n    x-network: {links: [{service: other, bridge: s1}]}\n");

        Assert.Equal("{links:[{service:other,bridge:s1,},],}", Nodes.Render(Assert.Single(fragments)));
    }

    [Fact]
    public void Service_level_commands_are_left_as_written()
    {
        var (fragments, _) = Extract(ConfigDocumentKind.Compose, "services:\n  a:\n    x-network: {commands: [{command: ls}]}\n");

        Assert.Equal("{commands:[{command:ls,},],}", Nodes.Render(Assert.Single(fragments)));
    }

    [Fact]
    public void The_injected_service_points_at_the_link_it_was_added_to()
    {
        var (fragments, _) = Extract(ConfigDocumentKind.Compose, "services:\n  a:\n    x-network:\n      links:\n        - bridge: s1\n");

        var link = (MappingNode)((SequenceNode)fragments[0]["links"]!).Items[0];
        Assert.Equal(new NodeLocation("c.yaml", 5, 11, "services.a.x-network.links[0].service"), link["service"]!.Location);
    }

    [Fact]
    public void A_network_file_is_one_fragment()
    {
        var (fragments, _) = Extract(ConfigDocumentKind.Network, "links: [{service: a, bridge: s1}]\n");

        Assert.Equal("{links:[{service:a,bridge:s1,},],}", Nodes.Render(Assert.Single(fragments)));
    }

    [Fact]
    public void Compose_files_without_x_network_yield_nothing()
    {
        var (fragments, errors) = Extract(ConfigDocumentKind.Compose, "services:\n  a: {image: alpine}\n");

        Assert.Empty(fragments);
        Assert.Empty(errors);
    }

    [Fact]
    public void An_x_network_that_is_not_a_mapping_is_reported()
    {
        var (_, errors) = Extract(ConfigDocumentKind.Compose, "services:\n  a:\n    x-network: [1]\n");

        Assert.Equal("c.yaml:3:16: services.a.x-network: must be a mapping", Assert.Single(errors).ToString());
    }

    [Theory]
    [InlineData("Compose", "a compose file must be a mapping")]
    [InlineData("Network", "a network file must be a mapping")]
    public void A_document_that_is_not_a_mapping_is_reported(string kind, string message)
    {
        var (_, errors) = Extract(Enum.Parse<ConfigDocumentKind>(kind), "- 1\n");

        Assert.Equal($"c.yaml:1:1: {message}", Assert.Single(errors).ToString());
    }
}
