using Conlink.Actors.Control;
using Conlink.Host.Control.Http;
using Conlink.Host.Control.Routing;

namespace Conlink.Host.Control.Routes;

/// <summary><c>POST /links/{target}/down</c> and <c>/up</c> [conlink link down|up]: pull a link's cable, or put it back.</summary>
public sealed class LinkStateRoute(bool down, Func<string, LinkChange, CancellationToken, Task<ControlResult>> change) : IControlRoute
{
    public string Method => "POST";
    public string Template => down ? "/links/{target}/down" : "/links/{target}/up";
    public bool Mutates => true;
    public string Summary => down ? "take a link down, both ends (conlink link down)" : "bring a link back up as declared (conlink link up)";

    public Task<HttpResponse> HandleAsync(ControlRequest request, CancellationToken ct) =>
        ControlResponses.AskAsync(() => change(request.Parameter("target"), down ? new LinkChange.Down() : new LinkChange.Up(), ct));
}
