namespace Conlink.Config.Loading;

/// <summary>
/// A YAML/JSON value with its source location, kept through merging and interpolation so
/// that validation can point at the text that supplied each value.
/// </summary>
internal abstract record ConfigNode(NodeLocation Location);
