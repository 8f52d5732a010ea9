namespace Conlink.Config.Interpolation;

/// <summary>The outcome of interpolating one string: its value, or why it has none.</summary>
internal readonly record struct Interpolated(string? Value, string? Error)
{
    public static Interpolated Ok(string value) => new(value, null);

    public static Interpolated Fail(string error) => new(null, error);
}
