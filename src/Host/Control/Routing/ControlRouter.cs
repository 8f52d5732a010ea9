using Conlink.Host.Control.Access;
using Conlink.Host.Control.Http;

namespace Conlink.Host.Control.Routing;

/// <summary>
/// Finds the route of a request, checks that the caller may use it, and runs it: 404 for an
/// unknown path (with the list of routes), 405 for a known path with another method, 403 for a
/// mutation the caller may not make (nothing is changed) or a capture it may not see.
/// </summary>
public sealed class ControlRouter
{
    private readonly IReadOnlyList<(IControlRoute Route, RouteTemplate Template)> _routes;
    private readonly ControlAccess _access;

    public ControlRouter(IEnumerable<IControlRoute> routes, ControlAccess access)
    {
        _routes = routes.Select(r => (r, new RouteTemplate(r.Template))).ToList();
        _access = access;
        var duplicate = _routes.GroupBy(r => (r.Route.Method, r.Route.Template)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"two routes for {duplicate.Key.Method} {duplicate.Key.Template}", nameof(routes));
    }

    public IEnumerable<IControlRoute> Routes => _routes.Select(r => r.Route);

    /// <summary>The response time of the route <paramref name="request"/> goes to, if it has its own.</summary>
    public TimeSpan? ResponseTimeoutOf(HttpRequest request)
    {
        var method = request.Method == "HEAD" ? "GET" : request.Method;
        return _routes.FirstOrDefault(r => r.Route.Method == method && r.Template.TryMatch(request.Path, out _)).Route?.ResponseTimeout;
    }

    public Task<HttpResponse> DispatchAsync(HttpRequest request, ControlCaller caller, CancellationToken ct)
    {
        var matching = new List<(IControlRoute Route, IReadOnlyDictionary<string, string> Parameters)>();
        foreach (var (route, template) in _routes)
            if (template.TryMatch(request.Path, out var parameters)) matching.Add((route, parameters));

        if (matching.Count == 0)
            return Task.FromResult(HttpResponse.Text(404, $"no such path: {request.Path}; this conlink serves:\n"
                + string.Join('\n', _routes.Select(r => $"  {r.Route.Method} {r.Route.Template}  {r.Route.Summary}"))));

        var method = request.Method == "HEAD" ? "GET" : request.Method;
        var (chosen, values) = matching.FirstOrDefault(m => m.Route.Method == method);
        if (chosen is null)
            return Task.FromResult(HttpResponse.Text(405, $"{request.Method} is not served at {request.Path}; use {string.Join(" or ", matching.Select(m => m.Route.Method).Distinct())}"));

        if (chosen.Mutates && _access.RefuseMutation(caller) is { } refusal)
            return Task.FromResult(HttpResponse.Text(403, $"refused: {refusal}; nothing was changed"));
        if (chosen.RevealsTraffic && _access.RefuseMutation(caller, "capture traffic on") is { } refused)
            return Task.FromResult(HttpResponse.Text(403, $"refused: {refused}"));

        return chosen.HandleAsync(new ControlRequest(request, values, caller), ct);
    }
}
