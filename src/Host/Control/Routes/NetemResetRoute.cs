using Conlink.Actors.Control;
using Conlink.Host.Control.Http;
using Conlink.Host.Control.Routing;

namespace Conlink.Host.Control.Routes;

/// <summary><c>DELETE /links/{target}/netem</c> [conlink netem reset]: back to the netem the config declares (perhaps none).</summary>
public sealed class NetemResetRoute(Func<string, LinkChange, CancellationToken, Task<ControlResult>> change) : IControlRoute
{
    public string Method => "DELETE";
    public string Template => "/links/{target}/netem";
    public bool Mutates => true;
    public string Summary => "back to the declared netem (conlink netem reset)";

    public Task<HttpResponse> HandleAsync(ControlRequest request, CancellationToken ct) =>
        ControlResponses.AskAsync(() => change(request.Parameter("target"), new LinkChange.ResetNetem(), ct));
}
