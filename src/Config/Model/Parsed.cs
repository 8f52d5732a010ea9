namespace Conlink.Config.Model;

/// <summary>
/// A value read from config text at load time: what the user wrote (show-config prints it back
/// unchanged) and what it means (what the engine uses).
/// </summary>
public sealed record Parsed<T>(string Text, T Value)
{
    public override string ToString() => Text;
}
