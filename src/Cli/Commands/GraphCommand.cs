using System.CommandLine;
using Conlink.Cli.Graph;
using Conlink.Cli.Shell;
using Conlink.Config;

namespace Conlink.Cli.Commands;

/// <summary>
/// <c>conlink graph</c>: the topology of the configuration (read as <c>--show-config</c> reads it)
/// as GraphViz DOT, Mermaid or JSON on stdout or in a file, or rendered to an image by <c>dot</c>.
/// </summary>
internal static class GraphCommand
{
    private static readonly IReadOnlyDictionary<string, Func<TopologyGraph, string>> Writers = new Dictionary<string, Func<TopologyGraph, string>>
    {
        ["dot"] = DotWriter.Write,
        ["mermaid"] = MermaidWriter.Write,
        ["json"] = GraphJsonWriter.Write,
    };

    public static Command Create(CliHost host)
    {
        var inputs = new ConfigInputOptions(host);
        var format = new Option<string>("--format", "-f")
        {
            Description = "Output format: GraphViz DOT, a Mermaid flowchart, or JSON (nodes and edges).",
            HelpName = "dot|mermaid|json",
            DefaultValueFactory = _ => "dot",
        };
        format.AcceptOnlyFromAmong([.. Writers.Keys]);
        var output = new Option<string?>("--output", "-o")
        {
            Description = $"Write to FILE instead of stdout. A FILE ending in {string.Join(", ", GraphRenderer.ImageFormats.Select(f => "." + f))} "
                + "is rendered from the DOT output by GraphViz's dot, which must be installed.",
            HelpName = "FILE",
        };
        var command = new Command("graph", "Draw the network topology: containers and services (with their replica count), bridges, "
            + "tunnels and host interfaces as nodes, links as edges labelled with their device, address and options.");
        inputs.AddTo(command);
        command.Options.Add(format);
        command.Options.Add(output);
        command.SetAction(async (result, cancellation) =>
        {
            if (inputs.TryLoad(result, out var exitCode) is not { } config) return exitCode;
            var graph = TopologyGraph.From(config, config.Replicas);
            var file = result.GetValue(output);
            if (file is not null && GraphRenderer.ImageFormatOf(file) is { } imageFormat)
                return await new GraphRenderer(host).RenderAsync(DotWriter.Write(graph), imageFormat, file, cancellation);

            var text = Writers[result.GetValue(format)!](graph);
            if (file is null) host.Out.Write(text);
            else await File.WriteAllTextAsync(file, text, cancellation);
            return ExitCodes.Ok;
        });
        return command;
    }
}
