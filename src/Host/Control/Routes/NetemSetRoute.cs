using System.Text.Json;
using Conlink.Actors.Control;
using Conlink.Config.Model;
using Conlink.Host.Control.Http;
using Conlink.Host.Control.Routing;
using Conlink.Syntax;
using Conlink.Syntax.Netem;

namespace Conlink.Host.Control.Routes;

/// <summary>
/// <c>PUT /links/{target}/netem</c> [conlink netem set]: body <c>{"options": "delay 50ms loss 1%"}</c>
/// (or a list of strings, joined as in the config), parsed with the config's netem grammar; a bad
/// option is refused with the parser's message and nothing changes.
/// </summary>
public sealed class NetemSetRoute(Func<string, LinkChange, CancellationToken, Task<ControlResult>> change) : IControlRoute
{
    public string Method => "PUT";
    public string Template => "/links/{target}/netem";
    public bool Mutates => true;
    public string Summary => "replace a link's netem, body {\"options\": \"delay 50ms\"} (conlink netem set)";

    public Task<HttpResponse> HandleAsync(ControlRequest request, CancellationToken ct)
    {
        var (setting, error) = Parse(request.Http.Body.Span);
        if (setting is null) return Task.FromResult(HttpResponse.Text(400, $"refused: {error}; nothing was changed"));
        return ControlResponses.AskAsync(() => change(request.Parameter("target"), new LinkChange.SetNetem(setting), ct));
    }

    /// <summary>The netem of a request body, or why it is not one.</summary>
    public static (NetemSetting? Setting, string? Error) Parse(ReadOnlySpan<byte> body)
    {
        List<string> lines;
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            if (!document.RootElement.TryGetProperty("options", out var options))
                return (null, "the body needs \"options\": the netem options as in the config, e.g. {\"options\": \"delay 50ms\"}");
            lines = options.ValueKind switch
            {
                JsonValueKind.String => [options.GetString()!],
                JsonValueKind.Array => options.EnumerateArray().Select(o => o.GetString() ?? "").ToList(),
                _ => [],
            };
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return (null, $"the body is not JSON: {e.Message}");
        }
        if (lines.Count == 0 || lines.All(string.IsNullOrWhiteSpace)) return (null, "no netem options given (to go back to the declared netem, use netem reset)");
        try
        {
            var setting = new NetemSetting(lines, new NetemSpec());
            return (setting with { Spec = NetemParser.Parse(setting.Text) }, null);
        }
        catch (SyntaxException e)
        {
            return (null, $"netem '{string.Join(' ', lines)}': {e.Message}");
        }
    }
}
