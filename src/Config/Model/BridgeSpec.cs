namespace Conlink.Config.Model;

/// <summary>A bridge conlink owns, by name, and how it is realised.</summary>
public sealed record BridgeSpec(string Name, BridgeMode Mode);
