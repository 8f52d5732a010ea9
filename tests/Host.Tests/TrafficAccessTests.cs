using System.Text;
using Conlink.Host.Control.Access;
using Conlink.Host.Control.Http;
using Conlink.Host.Control.Routing;

namespace Conlink.Host.Tests;

/// <summary>A route that reveals traffic (a capture) changes nothing, yet only a caller who may change things reaches it.</summary>
public sealed class TrafficAccessTests
{
    private static readonly HttpRequest Get = new("GET", "/capture", new Dictionary<string, string>(), new Dictionary<string, string>(), ReadOnlyMemory<byte>.Empty);

    [Fact]
    public async Task A_capture_is_refused_to_a_non_root_caller_on_the_unix_socket_and_the_route_never_runs()
    {
        var capture = new Capture();
        var router = new ControlRouter([capture], ControlAccess.RootOnly);

        var response = await router.DispatchAsync(Get, new ControlCaller(ControlTransport.Unix, new PeerCredentials(42, 65534, 65534), null), CancellationToken.None);

        Assert.Equal(403, response.Status);
        Assert.StartsWith("refused: only root may capture traffic on a running conlink (caller: uid 65534)", Encoding.UTF8.GetString(response.Body.Span));
        Assert.Equal(0, capture.Count);
    }

    [Fact]
    public async Task A_capture_is_refused_over_tcp_without_a_control_token()
    {
        var capture = new Capture();
        var router = new ControlRouter([capture], ControlAccess.RootOnly);

        var response = await router.DispatchAsync(Get, new ControlCaller(ControlTransport.Tcp, null, null), CancellationToken.None);

        Assert.Equal(403, response.Status);
        Assert.Equal(0, capture.Count);
    }

    [Fact]
    public async Task Root_on_the_unix_socket_gets_the_capture()
    {
        var capture = new Capture();
        var router = new ControlRouter([capture], ControlAccess.RootOnly);

        var response = await router.DispatchAsync(Get, new ControlCaller(ControlTransport.Unix, new PeerCredentials(42, 0, 0), null), CancellationToken.None);

        Assert.Equal(200, response.Status);
        Assert.Equal(1, capture.Count);
    }

    private sealed class Capture : IControlRoute
    {
        public int Count;
        public string Method => "GET";
        public string Template => "/capture";
        public bool Mutates => false;
        public bool RevealsTraffic => true;
        public string Summary => "test";

        public Task<HttpResponse> HandleAsync(ControlRequest request, CancellationToken ct)
        {
            Interlocked.Increment(ref Count);
            return Task.FromResult(HttpResponse.Text(200, "pcapng"));
        }
    }
}
