using Conlink.Actors.Containers;
using Conlink.Host.Control.Http;
using Conlink.Host.Control.Routing;

namespace Conlink.Host.Control.Routes;

/// <summary>
/// <c>POST /apply[?dry-run=1]</c> [conlink apply]: re-read the run's config files and carry out the
/// difference from the running plan (or, dry, only show it): one line per change, then the summary.
/// </summary>
public sealed class ApplyRoute(Func<bool, Task<ContainerManager.Replanned>> apply) : IControlRoute
{
    public string Method => "POST";
    public string Template => "/apply";
    public bool Mutates => true;
    /// <summary>Beyond the engine's <see cref="EngineHost.ApplyTimeout"/>: its last steps' floor, and writing the answer.</summary>
    public static readonly TimeSpan AnswerMargin = TimeSpan.FromSeconds(10);

    public TimeSpan? ResponseTimeout => EngineHost.ApplyTimeout + AnswerMargin;
    public string Summary => "re-read the config files and apply the difference, ?dry-run=1 to only show it (conlink apply)";

    public async Task<HttpResponse> HandleAsync(ControlRequest request, CancellationToken ct)
    {
        var dryRun = request.Http.QueryValue("dry-run") is "1" or "true" or "";
        var reply = await apply(dryRun).ConfigureAwait(false);
        var lines = reply.Diff?.Lines().ToList() ?? [];
        var response = ControlResponses.From(reply.Result with
        {
            Message = string.Join('\n', lines.Append(reply.Result.Message)),
        });
        return response;
    }
}
