using Conlink.Host.Control.Http;

namespace Conlink.Host.Control.Routing;

/// <summary>
/// One endpoint of the control server: its method, its path template (<c>/links/{target}/down</c>),
/// whether it changes anything (then only an allowed caller reaches it, see
/// <see cref="Access.ControlAccess"/>), and its handler. One route per file, in Routes/; the list
/// the server serves is <see cref="ControlRoutes"/>.
/// </summary>
public interface IControlRoute
{
    string Method { get; }

    string Template { get; }

    bool Mutates { get; }

    /// <summary>
    /// Whether it shows what crosses the links (a packet capture): then, though it changes nothing,
    /// only a caller allowed to change things reaches it.
    /// </summary>
    bool RevealsTraffic => false;

    /// <summary>How long it may take to answer, if not the server's usual response time.</summary>
    TimeSpan? ResponseTimeout => null;

    /// <summary>One line for the 404 answer's list of what is served.</summary>
    string Summary { get; }

    Task<HttpResponse> HandleAsync(ControlRequest request, CancellationToken ct);
}
