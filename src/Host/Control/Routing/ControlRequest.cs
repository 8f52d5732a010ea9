using Conlink.Host.Control.Access;
using Conlink.Host.Control.Http;

namespace Conlink.Host.Control.Routing;

/// <summary>A request matched to a route: the HTTP request, the values of the template's {parameters}, and who sent it.</summary>
public sealed record ControlRequest(HttpRequest Http, IReadOnlyDictionary<string, string> Parameters, ControlCaller Caller)
{
    public string Parameter(string name) => Parameters[name];
}
