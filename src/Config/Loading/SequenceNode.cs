namespace Conlink.Config.Loading;

internal sealed record SequenceNode(IReadOnlyList<ConfigNode> Items, NodeLocation Location) : ConfigNode(Location);
