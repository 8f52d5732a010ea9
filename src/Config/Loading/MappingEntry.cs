namespace Conlink.Config.Loading;

/// <summary>One key of a mapping, with the location of the key itself.</summary>
internal sealed record MappingEntry(string Key, NodeLocation KeyLocation, ConfigNode Value);
