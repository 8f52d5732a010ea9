namespace Conlink.Host.Control.Http;

/// <summary>A request the server will not read further; <see cref="Status"/> is what the client is told.</summary>
public sealed class BadRequestException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}
