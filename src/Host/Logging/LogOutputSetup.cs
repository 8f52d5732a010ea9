using Akka.Actor.Setup;

namespace Conlink.Host.Logging;

/// <summary>Hands the host's <see cref="LogOutput"/> to the engine's logger actor when the actor system starts.</summary>
public sealed class LogOutputSetup(LogOutput output) : Setup
{
    public LogOutput Output { get; } = output;
}
