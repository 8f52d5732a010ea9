using System.Text.Json;

namespace Conlink.Host.Status;

/// <summary>
/// What a feature adds to the status endpoint: a section of <c>GET /status</c> and routes of its own.
/// Cluster mode adds the <c>cluster</c> section and <c>GET /cluster</c> this way; it is the seam
/// where those plug into the control endpoint (docs: control-design) once it serves every route.
/// </summary>
public interface IStatusExtension
{
    /// <summary>The property of the status document it writes.</summary>
    string Section { get; }

    /// <summary>Writes the section's value (one JSON value).</summary>
    void WriteSection(Utf8JsonWriter json);

    /// <summary>Routes by path (<c>/cluster</c>): each answers a status code and a JSON body.</summary>
    IReadOnlyDictionary<string, Func<CancellationToken, Task<(int Code, byte[] Body)>>> Routes { get; }
}
