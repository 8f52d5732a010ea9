using Conlink.Actors.Tracing;
using Conlink.Host.Logging;
using Conlink.Host.Tracing;

namespace Conlink.Host.Tests;

/// <summary>
/// <c>--trace FILE</c> as root: created new with mode 0600, a symbolic link planted at FILE or
/// FILE.1 is refused or replaced and its target never changes, the file rotates at its size
/// limit, and records that cannot be written are dropped and reported, never piled up.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class TraceFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("conlink-harden-trace-").FullName;
    private readonly StringWriter _logText = new();
    private readonly LogOutput _log;

    public TraceFileTests() => _log = new LogOutput(_logText, LogFormat.Text);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static TraceRecord Record(int i) => new(DateTimeOffset.UnixEpoch, TraceKind.Message, "/user/conlink", $"message {i}", "h1", "h1:eth0", 1, "ok");

    private string Victim(string content = "precious\n")
    {
        var victim = Path.Combine(_dir, "victim");
        File.WriteAllText(victim, content);
        File.SetUnixFileMode(victim, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        return victim;
    }

    [Fact]
    public async Task A_new_trace_file_is_created_with_mode_0600()
    {
        var path = Path.Combine(_dir, "conlink.trace");
        await using (var sink = JsonLinesTraceSink.Open(path, _log)) sink.Write(Record(1));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Contains("\"message 1\"", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public void A_symbolic_link_at_the_trace_path_is_refused_and_its_target_is_untouched()
    {
        var victim = Victim();
        var path = Path.Combine(_dir, "conlink.trace");
        File.CreateSymbolicLink(path, victim);

        var error = Assert.Throws<IOException>(() => JsonLinesTraceSink.Open(path, _log));

        Assert.Contains($"trace file {path} is a symbolic link; conlink does not write through links", error.Message, StringComparison.Ordinal);
        Assert.Equal("precious\n", File.ReadAllText(victim));
        Assert.Equal(victim, new FileInfo(path).LinkTarget);
    }

    [Fact]
    public async Task An_existing_trace_file_is_moved_to_FILE_1_and_a_link_planted_there_is_replaced_not_followed()
    {
        var victim = Victim();
        var path = Path.Combine(_dir, "conlink.trace");
        File.WriteAllText(path, "last run\n");
        File.CreateSymbolicLink(TraceFile.RotatedPath(path), victim);

        await using (var sink = JsonLinesTraceSink.Open(path, _log)) sink.Write(Record(1));

        Assert.Equal("precious\n", File.ReadAllText(victim));
        Assert.Null(new FileInfo(TraceFile.RotatedPath(path)).LinkTarget);
        Assert.Equal("last run\n", File.ReadAllText(TraceFile.RotatedPath(path)));
        Assert.Contains("\"message 1\"", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_trace_rotates_at_its_size_limit_keeping_one_earlier_file()
    {
        var path = Path.Combine(_dir, "conlink.trace");
        await using (var sink = JsonLinesTraceSink.Open(path, _log, maxBytes: 4096))
            for (var i = 0; i < 200; i++) sink.Write(Record(i));

        Assert.True(new FileInfo(path).Length < 4096 + 512, $"trace is {new FileInfo(path).Length} bytes");
        Assert.InRange(new FileInfo(TraceFile.RotatedPath(path)).Length, 4096, 4096 + 512);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Contains("\"message 199\"", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Equal(["conlink.trace", "conlink.trace.1"], Directory.GetFiles(_dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Records_that_cannot_be_written_are_dropped_counted_and_reported_in_the_log()
    {
        var sink = new JsonLinesTraceSink(new FailingStream(), _log, capacity: 16);
        for (var i = 0; i < 10_000; i++) sink.Write(Record(i));

        await sink.DisposeAsync();

        Assert.True(sink.Dropped >= 10_000 - 16, $"only {sink.Dropped} dropped");
        var log = _logText.ToString();
        Assert.Contains("trace: writing failed, tracing stops: disk full", log, StringComparison.Ordinal);
        Assert.Contains($"record(s) dropped ({sink.Dropped} in all)", log, StringComparison.Ordinal);
    }

    private sealed class FailingStream : MemoryStream
    {
        public override void Write(byte[] buffer, int offset, int count) => throw new IOException("disk full");
        public override void Write(ReadOnlySpan<byte> buffer) => throw new IOException("disk full");
        public override void WriteByte(byte value) => throw new IOException("disk full");
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) => throw new IOException("disk full");
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default) => throw new IOException("disk full");
    }
}
