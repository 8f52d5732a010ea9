using System.CommandLine;
using Conlink.Cli.Status;
using Conlink.Host.Status;

namespace Conlink.Cli.Control;

/// <summary>How the control commands find the running conlink (as <c>conlink status</c> does), and the token for its TCP port.</summary>
internal sealed class ControlOptions
{
    public Option<string?> Socket { get; } = new("--socket", "--status-socket")
    {
        Description = $"Unix socket of the running conlink (its --status-socket). Default: {StatusSocket.DefaultPath} when it exists, else {StatusSocket.HostDefaultPath}.",
        HelpName = "PATH",
    };

    public Option<int?> Port { get; } = new("--port", "--status-port")
    {
        Description = "Talk HTTP to this loopback TCP port instead (conlink's --status-port); changes and captures there need --token-file.",
        HelpName = "PORT",
    };

    public Option<string?> Netns { get; } = new("--netns")
    {
        Description = "The --netns of a conlink running on this host: its socket is /run/conlink/NAME.sock.",
        HelpName = "NAME",
    };

    public Option<string?> TokenFile { get; } = new("--token-file")
    {
        Description = "Send the token in this file (conlink's --control-token-file) as 'Authorization: Bearer', for changes and captures over --port. "
            + "Read without following a symlink, at most 4 KiB.",
        HelpName = "FILE",
    };

    public ControlOptions()
    {
        Port.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is { } p and (< 1 or > 65535)) r.AddError($"--port must be from 1 to 65535, not {p}");
        });
    }

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Socket, Port, Netns, TokenFile }) command.Options.Add(option);
    }

    /// <exception cref="InvalidOperationException">The token file cannot be used; the message says why.</exception>
    public ControlClient Client(ParseResult result, TimeSpan? timeout = null) => new(
        StatusEndpoint.Choose(result.GetValue(Socket), result.GetValue(Port), result.GetValue(Netns)),
        result.GetValue(TokenFile) is { } file ? Host.Control.Access.ControlToken.Read(file) : null,
        timeout);
}
