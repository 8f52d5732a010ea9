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
    public static IReadOnlyList<IControlRoute> For(ControlContext context)
    {
        var routes = new List<IControlRoute>
        {
            new StatusRoute(context.Status),
            new HealthRoute(),
            new NetemShowRoute(context.Status),
        };
        if (context.Traffic is { } traffic)
        {
            routes.Add(new CountersRoute(traffic));
            routes.Add(new CaptureRoute(traffic, context.Status));
        }
        if (context.ChangeLink is { } change)
        {
            routes.Add(new LinkStateRoute(down: true, change));
            routes.Add(new LinkStateRoute(down: false, change));
            routes.Add(new NetemSetRoute(change));
            routes.Add(new NetemResetRoute(change));
        }
        if (context.Apply is { } apply) routes.Add(new ApplyRoute(apply));
        if (context.RecordFaultStep is { } record) routes.Add(new FaultStepRoute(record));
        if (context.Events is { } events) routes.Add(new EventsRoute(events));
        return routes;
    }

    /// <summary>Only <c>/status</c> and <c>/healthz</c>, over a status function (tests and tools that fake an engine).</summary>
    public static IReadOnlyList<IControlRoute> StatusOnly(Func<CancellationToken, Task<StatusTracker.Snapshot>> status) =>
        For(new ControlContext { Status = status });
}
