using Conlink.Cli.Shell;
using Conlink.Cli.Status;

namespace Conlink.Cli.Control;

/// <summary>Runs one control request for a command and turns the answer into output and an exit code (0 done, 1 refused, failed or unreachable).</summary>
internal static class ControlCall
{
    public static async Task<int> RunAsync(CliHost host, Func<ControlClient> client, HttpMethod method, string path, string? body, CancellationToken ct,
        Func<string, string>? render = null)
    {
        try
        {
            using var c = client();
            var answer = await c.SendAsync(method, path, body, ct);
            if (answer.Ok)
            {
                host.Out.Write(render is null ? EnsureNewline(answer.Body) : render(answer.Body));
                return ExitCodes.Ok;
            }
            host.Error.Write($"conlink: {EnsureNewline(answer.Body)}");
            return ExitCodes.Failure;
        }
        catch (StatusUnavailableException e)
        {
            host.Error.WriteLine($"conlink: {e.Message}");
            return ExitCodes.Failure;
        }
        catch (InvalidOperationException e)
        {
            host.Error.WriteLine($"conlink: {e.Message}");
            return ExitCodes.Failure;
        }
    }

    public static string Escape(string target) => Uri.EscapeDataString(target);

    private static string EnsureNewline(string text) => text.EndsWith('\n') ? text : text + "\n";
}
