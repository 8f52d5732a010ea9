using System.Text.Json;
using Conlink.Actors.Control;
using Conlink.Config.Faults;
using Conlink.Host.Faults;

namespace Conlink.Cli.Control;

/// <summary>A fault schedule acting on a running conlink through its control server (the link and netem routes, and /faults/steps).</summary>
internal sealed class HttpFaultTarget(ControlClient client) : IFaultTarget
{
    public async Task<ControlResult> ChangeAsync(string target, LinkChange change, CancellationToken ct)
    {
        var path = $"/links/{Uri.EscapeDataString(target)}";
        var (method, route, body) = change switch
        {
            LinkChange.Down => (HttpMethod.Post, path + "/down", (string?)null),
            LinkChange.Up => (HttpMethod.Post, path + "/up", null),
            LinkChange.SetNetem set => (HttpMethod.Put, path + "/netem", JsonSerializer.Serialize(new Dictionary<string, string> { ["options"] = set.Netem.Text })),
            _ => (HttpMethod.Delete, path + "/netem", null),
        };
        var answer = await client.SendAsync(method, route, body, ct).ConfigureAwait(false);
        return answer.Ok ? ControlResult.Done(answer.Body.Trim()) : new ControlResult(ControlOutcome.Conflict, answer.Body.Trim());
    }

    public async Task RecordAsync(FaultEvent step, DateTimeOffset at, ControlResult result, CancellationToken ct)
    {
        var body = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["link"] = step.Step.Target,
            ["detail"] = EngineFaultTarget.FaultStepDetail(step, at, result),
        });
        var answer = await client.SendAsync(HttpMethod.Post, "/faults/steps", body, ct).ConfigureAwait(false);
        if (!answer.Ok) throw new InvalidOperationException(answer.Body.Trim());
    }
}
