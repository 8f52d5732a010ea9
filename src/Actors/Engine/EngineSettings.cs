using HoconConfig = Akka.Configuration.Config;

namespace Conlink.Actors.Engine;

/// <summary>The engine's tunables, read from the <c>conlink</c> section of the HOCON configuration.</summary>
public sealed record EngineSettings(
    TimeSpan AttachTimeout,
    TimeSpan ReconnectMinBackoff,
    TimeSpan ReconnectMaxBackoff,
    double ReconnectRandomFactor,
    TimeSpan ProgressInterval,
    string? TraceFile)
{
    /// <summary>Size at which the trace file rotates to <c>FILE.1</c> (<c>trace.max-size</c>, <c>--trace-max-size</c>).</summary>
    public long TraceMaxBytes { get; init; } = 100L * 1024 * 1024;

    public static EngineSettings From(HoconConfig hocon)
    {
        var c = hocon.GetConfig("conlink");
        var trace = c.GetString("trace.file", "");
        return new EngineSettings(
            c.GetTimeSpan("attach-timeout", TimeSpan.FromSeconds(10)),
            c.GetTimeSpan("runtime-reconnect.min-backoff", TimeSpan.FromMilliseconds(200)),
            c.GetTimeSpan("runtime-reconnect.max-backoff", TimeSpan.FromSeconds(10)),
            c.GetDouble("runtime-reconnect.random-factor", 0.2),
            c.GetTimeSpan("progress-interval", TimeSpan.FromSeconds(1)),
            string.IsNullOrEmpty(trace) ? null : trace)
        {
            TraceMaxBytes = c.GetByteSize("trace.max-size") is { } max and > 0 ? max : 100L * 1024 * 1024,
        };
    }
}
