namespace Conlink.Host.Logging;

/// <summary>How much a log line matters; the engine's Akka levels map onto these.</summary>
public enum LogLevel
{
    Debug,
    Info,
    Warning,
    Error,
}
