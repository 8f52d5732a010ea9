using System.Net.Sockets;

namespace Conlink.Docker;

/// <summary>
/// Plain HTTP/1.1 to an engine's API over its unix socket, for the requests conlink makes itself rather
/// than through Docker.DotNet (the event stream). Requests carry no API version in their path, as
/// Docker.DotNet's do without a requested version: the engine answers at its own current API version.
/// </summary>
internal static class EngineSocket
{
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Engines answer with a handful of short headers; anything near this is not an engine.</summary>
    public const int MaxResponseHeadersKilobytes = 64;

    /// <summary>
    /// A client whose every connection goes to <paramref name="socketPath"/>. It has no overall timeout
    /// (an event stream is open for as long as conlink runs): callers bound what they wait for.
    /// </summary>
    public static HttpClient Create(string socketPath)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = ConnectTimeout,
            MaxResponseHeadersLength = MaxResponseHeadersKilobytes,
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch (SocketException e)
                {
                    socket.Dispose();
                    // .NET reports a missing socket file as "Cannot assign requested address"
                    throw new EngineConnectException(File.Exists(socketPath)
                        ? $"cannot connect to {socketPath}: {e.Message}"
                        : $"no socket at {socketPath}", e);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler, disposeHandler: true)
        {
            // the host is only the Host header's value; the socket decides where requests go
            BaseAddress = new Uri("http://engine/"),
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestVersion = System.Net.HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }
}

/// <summary>The engine's socket is missing or refuses connections.</summary>
public sealed class EngineConnectException(string message, Exception inner) : IOException(message, inner);
