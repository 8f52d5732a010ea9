using Conlink.Actors.Control;
using Conlink.Host.Control.Http;

namespace Conlink.Host.Control;

/// <summary>The HTTP answer to an engine's <see cref="ControlResult"/>, and to an engine that does not answer.</summary>
public static class ControlResponses
{
    public static HttpResponse From(ControlResult result) => HttpResponse.Text(result.Outcome switch
    {
        ControlOutcome.Done => 200,
        ControlOutcome.Invalid => 400,
        ControlOutcome.NotFound => 404,
        ControlOutcome.Conflict => 409,
        ControlOutcome.KernelRefused => 422,
        _ => 500,
    }, result.Message);

    /// <summary>Runs an engine request; an engine that is stopping gets 503, one that does not answer in time 504.</summary>
    public static async Task<HttpResponse> AskAsync(Func<Task<ControlResult>> ask)
    {
        try
        {
            return From(await ask().ConfigureAwait(false));
        }
        catch (Akka.Actor.AskTimeoutException e)
        {
            return HttpResponse.Text(504, $"conlink's engine did not answer in time ({e.Message}); the change may still happen: check 'conlink status'");
        }
        catch (Exception e) when (e is Akka.Actor.ActorNotFoundException or InvalidOperationException && e is not ObjectDisposedException)
        {
            return HttpResponse.Text(503, $"conlink's engine is not running: {e.Message}");
        }
    }
}
