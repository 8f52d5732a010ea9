namespace Conlink.Host.Control.Http;

/// <summary>One HTTP/1.1 request as the control server read it: every part already bounded in size.</summary>
public sealed record HttpRequest(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Query,
    IReadOnlyDictionary<string, string> Headers,
    ReadOnlyMemory<byte> Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public string? QueryValue(string name) => Query.TryGetValue(name, out var value) ? value : null;
}
