namespace Conlink.Host.Logging;

/// <summary>How log lines are written (<c>--log-format</c>).</summary>
public enum LogFormat
{
    /// <summary>Plain lines: the host's as <c>conlink: WARNING: message</c>, the engine's as <c>HH:mm:ss.fff WARN  message</c>.</summary>
    Text,
    /// <summary>One JSON object per line: <c>{"time","level","source","message"[,"error"]}</c>.</summary>
    Json,
}
