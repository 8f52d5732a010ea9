using System.Net;
using System.Net.Sockets;
using Conlink.Host.Control.Access;
using Conlink.Host.Control.Http;
using Conlink.Host.Control.Routing;
using Conlink.Host.Status;

namespace Conlink.Host.Control;

/// <summary>
/// The one server a running conlink answers on: HTTP/1.1, one request per connection, over a Unix
/// socket (the default; 0600 root, or 0660 with a control group) or a TCP port (loopback unless
/// told otherwise; reads only without a token). Every read is bounded in size and time, at most
/// <see cref="ControlServerOptions.MaxClients"/> connections are served at once (idle ones make
/// room for new ones), and the accept loop carries on after transient errors such as EMFILE.
/// What it serves is a list of routes (<see cref="ControlRoutes"/>).
/// </summary>
public sealed class ControlServer : IAsyncDisposable
{
    private static readonly TimeSpan AcceptBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan DrainTime = TimeSpan.FromSeconds(1);
    private const int Backlog = 256;
    private const int MaxDrainBytes = 256 * 1024;

    private readonly Socket _listener;
    private readonly ControlRouter _router;
    private readonly ControlServerOptions _options;
    private readonly HttpRequestReader _reader;
    private readonly ControlTransport _transport;
    private readonly CancellationTokenSource _stop = new();
    private readonly string? _socketPath;
    private readonly LinkedList<Connection> _connections = new();
    private readonly Lock _gate = new();
    private readonly Task _accepting;
    private int _disposed;

    private ControlServer(Socket listener, string? socketPath, IEnumerable<IControlRoute> routes, ControlServerOptions options)
    {
        _listener = listener;
        _socketPath = socketPath;
        _options = options;
        _transport = socketPath is null ? ControlTransport.Tcp : ControlTransport.Unix;
        _router = new ControlRouter(routes, new ControlAccess(options.ControlGroup, options.Token));
        _reader = new HttpRequestReader(options.MaxHeadBytes, options.MaxBodyBytes);
        _accepting = AcceptAllAsync();
    }

    public EndPoint EndPoint => _listener.LocalEndPoint!;

    public IEnumerable<IControlRoute> Routes => _router.Routes;

    /// <summary>Connections open right now (for tests and the log).</summary>
    public int OpenConnections
    {
        get
        {
            lock (_gate) return _connections.Count;
        }
    }

    public static ControlServer Listen(StatusListener listener, IEnumerable<IControlRoute> routes, ControlServerOptions? options = null) =>
        listener.SocketPath is { } path
            ? ListenUnix(path, routes, options)
            : ListenTcp(new IPEndPoint(listener.Address ?? IPAddress.Loopback, listener.Port!.Value), routes, options);

    /// <exception cref="InvalidOperationException">The path is taken (another conlink listens there, or it is not a socket).</exception>
    public static ControlServer ListenUnix(string path, IEnumerable<IControlRoute> routes, ControlServerOptions? options = null)
    {
        options ??= new ControlServerOptions();
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("conlink runs on Linux");
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(directory))
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        SocketFile.Claim(path);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint(path));
            // Nobody can connect before listen(): the mode is right before anyone can.
            SocketFile.Restrict(path, options.ControlGroup);
            socket.Listen(Backlog);
        }
        catch
        {
            socket.Dispose();
            if (SocketFile.KindOf(path) == SocketFile.Kind.Socket) File.Delete(path);
            throw;
        }
        return new ControlServer(socket, path, routes, options);
    }

    public static ControlServer ListenTcp(IPEndPoint endPoint, IEnumerable<IControlRoute> routes, ControlServerOptions? options = null)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(endPoint);
            socket.Listen(Backlog);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new ControlServer(socket, null, routes, options ?? new ControlServerOptions());
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        try { await _accepting.ConfigureAwait(false); }
        catch (OperationCanceledException) { }
        List<Connection> open;
        lock (_gate) open = _connections.ToList();
        foreach (var connection in open) connection.Close();
        if (_socketPath is not null && SocketFile.KindOf(_socketPath) == SocketFile.Kind.Socket) File.Delete(_socketPath);
        _stop.Dispose();
    }

    private async Task AcceptAllAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e) when (!_stop.IsCancellationRequested)
            {
                // EMFILE, ENFILE, ENOBUFS, a client that reset before accept: wait a little and carry on.
                _options.Warn($"control server: accepting a connection failed ({e.SocketErrorCode}: {e.Message}); still listening");
                try { await Task.Delay(AcceptBackoff, _stop.Token).ConfigureAwait(false); }
                catch (OperationCanceledException) { return; }
                continue;
            }
            catch (SocketException)
            {
                return;
            }
            var connection = Admit(client);
            _ = ServeAsync(connection);
        }
    }

    /// <summary>Takes the connection in, making room if the server is full: the oldest connection still sending its request is closed.</summary>
    private Connection Admit(Socket client)
    {
        var connection = new Connection(client, _stop.Token);
        lock (_gate)
        {
            if (_connections.Count >= _options.MaxClients)
            {
                var idle = _connections.FirstOrDefault(c => c.Reading);
                if (idle is not null) idle.Close();
                else connection.Overflow = true;
            }
            connection.Node = _connections.AddLast(connection);
        }
        return connection;
    }

    private async Task ServeAsync(Connection connection)
    {
        try
        {
            await using var stream = new NetworkStream(connection.Socket, ownsSocket: false);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(connection.Closing);
            deadline.CancelAfter(_options.RequestTimeout);
            if (connection.Overflow)
            {
                await HttpResponse.Text(503, $"the control server is serving {_options.MaxClients} clients already; try again")
                    .WriteAsync(stream, deadline.Token, _stop.Token).ConfigureAwait(false);
                return;
            }

            HttpResponse response;
            HttpRequest? request = null;
            try
            {
                request = await _reader.ReadAsync(stream, deadline.Token).ConfigureAwait(false);
            }
            catch (BadRequestException e)
            {
                response = HttpResponse.Text(e.Status, e.Message);
                await response.WriteAsync(stream, deadline.Token, _stop.Token).ConfigureAwait(false);
                await DrainAsync(connection.Socket).ConfigureAwait(false);
                return;
            }
            if (request is null) return;
            connection.Reading = false;

            deadline.CancelAfter(_router.ResponseTimeoutOf(request) ?? _options.ResponseTimeout);
            var caller = new ControlCaller(_transport, _transport == ControlTransport.Unix ? PeerCredentials.Of(connection.Socket) : null, BearerToken(request));
            try
            {
                response = await _router.DispatchAsync(request, caller, deadline.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _options.Warn($"control server: {request.Method} {request.Path} failed: {e.Message}");
                response = HttpResponse.Text(500, $"conlink failed to answer {request.Method} {request.Path}: {e.Message}");
            }
            if (request.Method == "HEAD") response = response with { Body = ReadOnlyMemory<byte>.Empty, Stream = null };
            await response.WriteAsync(stream, deadline.Token, connection.Closing).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The client went away, was too slow, or the server is stopping: nothing more to say to it.
        }
        finally
        {
            lock (_gate)
            {
                if (connection.Node is { List: not null } node) _connections.Remove(node);
            }
            connection.Close();
        }
    }

    /// <summary>
    /// After refusing a request it did not read whole, the server says it is done and reads (and
    /// drops) what the client still sends, a bounded amount for a bounded time: closing with unread
    /// data would reset the connection and the client might never see the refusal.
    /// </summary>
    private static async Task DrainAsync(Socket socket)
    {
        socket.Shutdown(SocketShutdown.Send);
        using var timeout = new CancellationTokenSource(DrainTime);
        var buffer = new byte[16 * 1024];
        var total = 0;
        while (total < MaxDrainBytes)
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token).ConfigureAwait(false);
            if (n == 0) return;
            total += n;
        }
    }

    private static string? BearerToken(HttpRequest request) =>
        request.Header("authorization") is { } value && value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? value[7..].Trim() : null;

    private sealed class Connection(Socket socket, CancellationToken serverStopping)
    {
        private readonly CancellationTokenSource _closing = CancellationTokenSource.CreateLinkedTokenSource(serverStopping);
        private int _closed;

        public Socket Socket { get; } = socket;
        public LinkedListNode<Connection>? Node { get; set; }
        public bool Reading { get; set; } = true;
        public bool Overflow { get; set; }
        public CancellationToken Closing => _closing.Token;

        public void Close()
        {
            if (Interlocked.Exchange(ref _closed, 1) != 0) return;
            try { _closing.Cancel(); }
            catch (ObjectDisposedException) { }
            Socket.Dispose();
        }
    }
}
