using Conlink.Config.Loading;
using Conlink.Config.Tests.Support;

namespace Conlink.Config.Tests.Loading;

public class YamlReaderTests
{
    private static (ConfigNode? Node, List<ConfigError> Errors) Read(string yaml)
    {
        var errors = new List<ConfigError>();
        return (YamlReader.Read("f.yaml", yaml, errors), errors);
    }

    [Fact]
    public void Every_value_knows_its_file_line_column_and_path()
    {
        var root = Nodes.Mapping("links:\n  - service: a\n    ip: 10.0.0.1/24\n", "f.yaml");

        var link = Assert.IsType<MappingNode>(Assert.IsType<SequenceNode>(root["links"]).Items[0]);
        var ip = Assert.IsType<ScalarNode>(link["ip"]);

        Assert.Equal(new NodeLocation("f.yaml", 3, 9, "links[0].ip"), ip.Location);
        Assert.Equal(new NodeLocation("f.yaml", 2, 5, "links[0]"), link.Location);
        Assert.Equal(new NodeLocation("f.yaml", 3, 5, "links[0].ip"), link.Entries.Single(e => e.Key == "ip").KeyLocation);
    }

    [Fact]
    public void Json_reads_like_yaml_with_positions_even_when_indented_with_tabs()
    {
        var root = Nodes.Mapping("{\n\t\"links\": [\n\t\t{\"service\": \"a\", \"mtu\": 1500}\n\t]\n}\n");

        var link = Assert.IsType<MappingNode>(Assert.IsType<SequenceNode>(root["links"]).Items[0]);
        var mtu = Assert.IsType<ScalarNode>(link["mtu"]);

        Assert.Equal(ScalarKind.Integer, mtu.Kind);
        Assert.Equal(ScalarKind.String, Assert.IsType<ScalarNode>(link["service"]).Kind);
        Assert.Equal((3, 27), (mtu.Location.Line, mtu.Location.Column));
    }

    [Theory]
    [InlineData("a: 12", "Integer")]
    [InlineData("a: 0x1f", "Integer")]
    [InlineData("a: -3", "Integer")]
    [InlineData("a: 1.5", "Float")]
    [InlineData("a: true", "Boolean")]
    [InlineData("a: ~", "Null")]
    [InlineData("a:", "Null")]
    [InlineData("a: yes", "String")]
    [InlineData("a: '12'", "String")]
    [InlineData("a: \"true\"", "String")]
    [InlineData("a: !!str 12", "String")]
    [InlineData("a: 10.0.0.1/24", "String")]
    [InlineData("a: 00:0a:0b:0c:0d:01", "String")]
    public void Scalars_resolve_by_the_yaml_core_schema_unless_quoted_or_tagged(string yaml, string kind)
    {
        Assert.Equal(Enum.Parse<ScalarKind>(kind), Assert.IsType<ScalarNode>(Nodes.Mapping(yaml)["a"]).Kind);
    }

    [Fact]
    public void Aliases_resolve_to_the_anchored_value()
    {
        var root = Nodes.Mapping("x: &routes [a, b]\ny: *routes\n");

        Assert.Equal("[a,b,]", Nodes.Render(root["y"]));
    }

    [Fact]
    public void Merge_keys_bring_in_the_anchored_mapping_and_explicit_keys_win()
    {
        var root = Nodes.Mapping("base: &b {bridge: s1, ip: 10.0.0.1/24}\nlink:\n  <<: *b\n  bridge: s2\n");

        Assert.Equal("{bridge:s2,ip:10.0.0.1/24,}", Nodes.Render(root["link"]));
    }

    [Fact]
    public void Merge_key_lists_give_precedence_to_the_first_mapping()
    {
        var root = Nodes.Mapping("a: &a {x: 1}\nb: &b {x: 2, y: 2}\nc:\n  <<: [*a, *b]\n");

        Assert.Equal("{x:1,y:2,}", Nodes.Render(root["c"]));
    }

    [Fact]
    public void An_empty_document_has_no_root()
    {
        var (node, errors) = Read("# nothing here\n");

        Assert.Null(node);
        Assert.Empty(errors);
    }

    [Fact]
    public void Duplicate_keys_are_reported_at_the_second_key()
    {
        var (_, errors) = Read("links: []\nbridges: []\nlinks: []\n");

        Assert.Equal(["f.yaml:3:1: links: duplicate key 'links'"], errors.Select(e => e.ToString()));
    }

    [Fact]
    public void A_syntax_error_is_reported_with_its_position()
    {
        var (node, errors) = Read("links: [1,\n");

        Assert.Null(node);
        var error = Assert.Single(errors);
        Assert.Equal(("f.yaml", 2, 1), (error.File, error.Line, error.Column));
        Assert.Contains("did not find expected node content", error.Message);
    }

    [Fact]
    public void An_unknown_alias_is_reported()
    {
        var (_, errors) = Read("a: *nowhere\n");

        Assert.Equal("f.yaml:1:4: a: unknown alias '*nowhere'", Assert.Single(errors).ToString());
    }

    [Fact]
    public void A_merge_key_with_a_scalar_is_reported()
    {
        var (_, errors) = Read("a:\n  <<: 5\n");

        Assert.Equal("f.yaml:2:7: a.<<: a '<<' merge key needs a mapping or a list of mappings", Assert.Single(errors).ToString());
    }

    [Fact]
    public void Non_string_keys_are_reported()
    {
        var (_, errors) = Read("? [a]\n: 1\n");

        Assert.Equal("f.yaml:1:3: mapping keys must be strings", Assert.Single(errors).ToString());
    }

    [Fact]
    public void Only_one_document_per_file_is_accepted()
    {
        var (_, errors) = Read("links: []\n---\nlinks: []\n");

        Assert.Equal("f.yaml:2:1: only one YAML document per file is supported", Assert.Single(errors).ToString());
    }

    [Fact]
    public void Deep_nesting_is_reported_instead_of_overflowing_the_stack()
    {
        var (_, errors) = Read("a: " + new string('[', 500) + new string(']', 500));

        Assert.Contains(errors, e => e.Message == "values are nested deeper than 100 levels");
    }

    [Fact]
    public void An_alias_bomb_is_reported_as_too_large_instead_of_expanding()
    {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
            + string.Concat(Enumerable.Range(1, 8).Select(i => $"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]\n"));

        var (node, errors) = Read(yaml);

        Assert.Null(node);
        Assert.Equal("f.yaml:6:25: a5[3]: document is too large: more than 500000 values, counting each alias as a copy of what it names",
            Assert.Single(errors).ToString());
    }

    // Inputs on which YamlDotNet throws something other than a YamlException (found by ArbitraryInputProperties).
    [Theory]
    [InlineData("-\n{#b{}b]`*$##]\n> ,@\n,b-{&\t |!\n%>])")]
    [InlineData("!!']\t:\n->'-%|,&[ b")]
    public void Malformed_input_that_trips_the_yaml_library_is_still_a_positioned_error(string yaml)
    {
        var (node, errors) = Read(yaml);

        Assert.Null(node);
        Assert.Single(errors);
        Assert.Equal("f.yaml", errors[0].File);
    }
}
