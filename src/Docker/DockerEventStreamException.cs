namespace Conlink.Docker;

/// <summary>The event stream of a container engine broke its format: the stream cannot be followed any further.</summary>
public sealed class DockerEventStreamException(string message) : Exception(message);
