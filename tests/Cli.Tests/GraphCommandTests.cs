using System.Text.Json.Nodes;
using System.Xml.Linq;
using Conlink.Cli.Tests.Support;

namespace Conlink.Cli.Tests;

/// <summary>
/// <c>conlink graph</c> on the examples. The expected files are the command's output, reviewed;
/// regenerate one with <c>conlink graph [-f mermaid] --default-bridge-mode linux ARGS</c>.
/// </summary>
public sealed class GraphCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("conlink-graph-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static readonly Dictionary<string, string> SystemPath = new() { ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "" };

    private static bool HasDot => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, "dot")));

    private static CliRun Graph(string example, params string[] options) =>
        CliRun.Of(["graph", "--default-bridge-mode", "linux", .. options, .. ExampleCommands.ServiceArguments(example)], SystemPath);

    /// <summary>The titles dot gives the SVG groups of nodes and edges: the node ids, and "from--to".</summary>
    private static HashSet<string> SvgTitles(string svg) =>
        XDocument.Load(svg).Descendants(XName.Get("title", "http://www.w3.org/2000/svg")).Select(t => t.Value).ToHashSet();

    private static string Expected(string example, string extension) =>
        File.ReadAllText(RepositoryPaths.Of("tests", "Cli.Tests", "Expected", "graph", $"{example}.{extension}"));

    [Theory]
    [MemberData(nameof(ExampleCommands.Examples), MemberType = typeof(ExampleCommands))]
    public void Dot_output_of_each_example_matches_its_expected_file(string example)
    {
        var run = Graph(example);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(Expected(example, "dot"), run.Out);
    }

    [Theory]
    [MemberData(nameof(ExampleCommands.Examples), MemberType = typeof(ExampleCommands))]
    public void Mermaid_output_of_each_example_matches_its_expected_file(string example)
    {
        var run = Graph(example, "--format", "mermaid");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(Expected(example, "mmd"), run.Out);
    }

    [SkippableTheory]
    [MemberData(nameof(ExampleCommands.Examples), MemberType = typeof(ExampleCommands))]
    public void Dot_renders_each_example_to_an_svg_showing_every_node(string example)
    {
        Skip.IfNot(HasDot, "GraphViz's dot is not installed (scripts/setup.sh installs graphviz)");
        var svg = Path.Combine(_directory, example + ".svg");

        var run = Graph(example, "--output", svg);

        Assert.Equal(0, run.ExitCode);
        var titles = SvgTitles(svg);
        var nodes = JsonNode.Parse(Graph(example, "--format", "json").Out)!["nodes"]!.AsArray().Select(n => (string)n!["id"]!);
        Assert.All(nodes, id => Assert.Contains(id, titles));
    }

    [Fact]
    public void Replica_counts_come_from_compose_scale_and_replicated_links_show_their_address_and_port_ranges()
    {
        var graph = JsonNode.Parse(Graph("forward", "--format", "json").Out)!;

        var node2 = graph["nodes"]!.AsArray().Single(n => (string)n!["id"]! == "service:node2")!;
        Assert.Equal("node2 ×2", (string)node2["label"]!);
        var edge = graph["edges"]!.AsArray().Single(e => (string)e!["from"]! == "service:node2")!;
        Assert.Equal(["eth0", "10.2.0.1-10.2.0.2/24", "route 10.0.0.0/8 via 10.2.0.100", "forward 8000-8001:80/tcp"],
            edge["label"]!.AsArray().Select(l => (string)l!));
    }

    [Fact]
    public void Json_output_has_bridges_and_services_as_nodes_of_their_kind_and_links_as_edges()
    {
        var graph = JsonNode.Parse(Graph("router", "--format", "json").Out)!;

        var kinds = graph["nodes"]!.AsArray().ToDictionary(n => (string)n!["id"]!, n => (string)n!["kind"]!);
        Assert.Equal("bridge", kinds["bridge:s1"]);
        Assert.Equal("service", kinds["service:r0"]);
        Assert.Equal(6, graph["edges"]!.AsArray().Count);
    }

    [SkippableFact]
    public void Tunnels_host_interfaces_and_local_links_get_their_own_shapes_and_render()
    {
        var network = Path.Combine(_directory, "network.yaml");
        File.WriteAllText(network, """
            links:
              - {service: node, bridge: s1, ip: 10.0.1.1/24}
              - {service: node, dev: d0, type: dummy, ip: 10.0.100.1/24}
              - {container: edge, dev: m0, type: macvlan, mode: bridge, outer-dev: eth9, ip: 192.168.9.2/24}
            tunnels:
              - {type: vxlan, bridge: s1, remote: 10.9.0.1, vni: 1001}
            """);
        string[] args = ["graph", "--default-bridge-mode", "linux", "--network-file", network];

        var graph = JsonNode.Parse(CliRun.Of([.. args, "--format", "json"]).Out)!;
        var dot = CliRun.Of(args, SystemPath).Out;

        var nodes = graph["nodes"]!.AsArray().ToDictionary(n => (string)n!["id"]!, n => n!);
        Assert.Equal("tunnel", (string)nodes["tunnel:vxlan-1001"]["kind"]!);
        Assert.Equal("host-interface", (string)nodes["host:eth9"]["kind"]!);
        Assert.Equal("container", (string)nodes["container:edge"]["kind"]!);
        Assert.Equal(["d0 (dummy) 10.0.100.1/24"], nodes["service:node"]["details"]!.AsArray().Select(d => (string)d!));
        var edges = graph["edges"]!.AsArray().Select(e => ((string)e!["from"]!, (string)e["to"]!, string.Join(" | ", e["label"]!.AsArray().Select(l => (string)l!)))).ToList();
        Assert.Contains(("tunnel:vxlan-1001", "bridge:s1", "vxlan | vni 1001"), edges);
        Assert.Contains(("container:edge", "host:eth9", "m0 (macvlan) | 192.168.9.2/24 | mode bridge"), edges);
        Assert.Contains("\"tunnel:vxlan-1001\" [label=\"vxlan-1001\\nremote 10.9.0.1\", shape=hexagon", dot);
        Skip.IfNot(HasDot, "GraphViz's dot is not installed (scripts/setup.sh installs graphviz)");
        var svg = Path.Combine(_directory, "tunnel.svg");
        Assert.Equal(0, CliRun.Of([.. args, "--output", svg], SystemPath).ExitCode);
        Assert.Contains("tunnel:vxlan-1001", SvgTitles(svg));
    }

    [Fact]
    public void Output_to_a_text_file_writes_the_chosen_format_there_and_nothing_to_stdout()
    {
        var file = Path.Combine(_directory, "router.mmd");

        var run = Graph("router", "--format", "mermaid", "--output", file);

        Assert.Equal(0, run.ExitCode);
        Assert.Empty(run.Out);
        Assert.Equal(Expected("router", "mmd"), File.ReadAllText(file));
    }

    [Fact]
    public void Rendering_without_dot_on_the_path_fails_and_says_how_to_install_graphviz()
    {
        var svg = Path.Combine(_directory, "router.svg");

        var run = CliRun.Of(["graph", "--output", svg, .. ExampleCommands.ServiceArguments("router")], new Dictionary<string, string> { ["PATH"] = _directory });

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("install graphviz (apt-get install graphviz)", run.Error);
        Assert.False(File.Exists(svg));
    }

    [Fact]
    public void An_unknown_format_is_a_usage_error()
    {
        var run = Graph("router", "--format", "png");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("png", run.Error);
    }
}
