using Conlink.Actors.Status;
using Conlink.Host.Control.Routes;
using Conlink.Host.Control.Routing;

namespace Conlink.Host.Control;

/// <summary>
/// What the control server serves: one line per route. A new endpoint is a class in Routes/
/// implementing <see cref="IControlRoute"/> and one line here (what it needs from the engine comes
/// through <see cref="ControlContext"/>).
/// </summary>
public static class ControlRoutes
{
    public static IReadOnlyList<IControlRoute> For(ControlContext context) =>
    [
        new StatusRoute(context.Status),
        new HealthRoute(),
        .. context.Traffic is { } traffic
            ? new IControlRoute[] { new CountersRoute(traffic), new CaptureRoute(traffic, context.Status) }
            : [],
    ];

    /// <summary>Only <c>/status</c> and <c>/healthz</c>, over a status function (tests and tools that fake an engine).</summary>
    public static IReadOnlyList<IControlRoute> StatusOnly(Func<CancellationToken, Task<StatusTracker.Snapshot>> status) =>
        For(new ControlContext { Status = status });
}
