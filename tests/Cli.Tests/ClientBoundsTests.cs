using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Conlink.Cli.Tests.Support;

namespace Conlink.Cli.Tests;

/// <summary>
/// The commands read what a server on conlink's port sends bounded: a status answer larger than the
/// client takes, or an event line that never ends, is a clear error and exit 1, not memory spent
/// without end.
/// </summary>
public sealed class ClientBoundsTests
{
    /// <summary>A one-connection server on loopback that reads the request head, then sends <paramref name="head"/> and what <paramref name="body"/> writes.</summary>
    private static (int Port, Task Serving) Serve(string head, Func<Stream, Task> body)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var serving = Task.Run(async () =>
        {
            try
            {
                using var client = await listener.AcceptTcpClientAsync();
                var stream = client.GetStream();
                using var reader = new StreamReader(stream, leaveOpen: true);
                while (await reader.ReadLineAsync() is { Length: > 0 }) { }
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
                await body(stream);
            }
            catch (IOException)
            {
                // The client gave up reading, as it should.
            }
            finally
            {
                listener.Stop();
            }
        });
        return (port, serving);
    }

    private static async Task SendZeros(Stream stream, long bytes)
    {
        var chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)'a');
        for (long sent = 0; sent < bytes; sent += chunk.Length) await stream.WriteAsync(chunk);
    }

    [Fact]
    public async Task A_status_answer_larger_than_the_client_takes_is_an_error_not_read_whole()
    {
        const long size = 64L * 1024 * 1024;
        var (port, serving) = Serve($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {size}\r\nConnection: close\r\n\r\n", s => SendZeros(s, size));

        var run = CliRun.Of(["status", "--port", port.ToString(CultureInfo.InvariantCulture)]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"cannot reach conlink at http://127.0.0.1:{port}/status:", run.Error, StringComparison.Ordinal);
        await serving.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task An_event_line_that_never_ends_is_an_error_after_the_line_limit()
    {
        var (port, serving) = Serve("HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nConnection: close\r\n\r\n", s => SendZeros(s, 64L * 1024 * 1024));

        var run = CliRun.Of(["events", "--port", port.ToString(CultureInfo.InvariantCulture)]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("it sent a line longer than 1048576 bytes", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Out);
        await serving.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_refused_event_stream_shows_the_refusal_bounded()
    {
        var (port, serving) = Serve("HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n",
            async s =>
            {
                await s.WriteAsync("not for you\n"u8.ToArray());
                await SendZeros(s, 64L * 1024 * 1024);
            });

        var run = CliRun.Of(["events", "--port", port.ToString(CultureInfo.InvariantCulture)]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("it answered 403: not for you", run.Error, StringComparison.Ordinal);
        Assert.True(run.Error.Length < 80 * 1024, $"the refusal shown is {run.Error.Length} characters");
        await serving.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
