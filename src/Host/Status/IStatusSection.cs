using System.Text.Json;

namespace Conlink.Host.Status;

/// <summary>A section a feature adds to the status document (cluster mode adds <c>cluster</c>).</summary>
public interface IStatusSection
{
    /// <summary>The property of the status document it writes.</summary>
    string Section { get; }

    /// <summary>Writes the section's value (one JSON value).</summary>
    void WriteSection(Utf8JsonWriter json);
}
