using Conlink.Netlink.Encoding;
using Conlink.Netlink.Errors;

namespace Conlink.Netlink.Connection;

/// <summary>
/// A request being built on a connection, holding the connection's lock until disposed.
/// Write the payload through <see cref="Writer"/>, then call exactly one of the send methods.
/// </summary>
internal ref struct Request
{
    private readonly NetlinkConnection _connection;
    private readonly OperationContext _context;
    private Lock.Scope _scope;

    internal Request(NetlinkConnection connection, Lock.Scope scope, OperationContext context)
    {
        _connection = connection;
        _scope = scope;
        _context = context;
    }

    public readonly MessageWriter Writer => _connection.Writer;

    /// <summary>Sends the request and waits for its ACK; throws when the kernel refuses.</summary>
    public readonly void Execute()
    {
        var error = _connection.Exchange<object>(null, null, out var kernelMessage, out _);
        if (error != 0) throw Failure(error, kernelMessage);
    }

    /// <summary>Sends a targeted GET; returns its one reply, or null when the object does not exist.</summary>
    public readonly T? Find<T>(ReplyParser<T> parser) where T : class
    {
        var results = new List<T>(1);
        var error = _connection.Exchange(parser, results, out var kernelMessage, out _);
        if (error is Native.Errno.ENODEV or Native.Errno.ENOENT) return null;
        if (error != 0) throw Failure(error, kernelMessage);
        return results.Count > 0 ? results[0] : null;
    }

    /// <summary>
    /// Sends a dump request and collects every reply; restarts the dump if the kernel reports it
    /// interrupted (NLM_F_DUMP_INTR: it changed meanwhile), and fails rather than return a partial
    /// result when it is still interrupted after <see cref="NetlinkConnection.MaxDumpAttempts"/> tries.
    /// </summary>
    public readonly List<T> Dump<T>(ReplyParser<T> parser) where T : class
    {
        var results = new List<T>();
        for (var attempt = 1; ; attempt++)
        {
            var error = _connection.Exchange(parser, results, out var kernelMessage, out var interrupted);
            if (error != 0) throw Failure(error, kernelMessage);
            if (!interrupted) return results;
            if (attempt == NetlinkConnection.MaxDumpAttempts) throw Failure(Native.Errno.EINTR, null);
            results.Clear();
            _connection.Renumber();
        }
    }

    public void Dispose() => _scope.Dispose();

    private readonly NetlinkException Failure(int error, string? kernelMessage) =>
        new(error, _context, _connection.Namespace, kernelMessage);
}
