namespace Conlink.Cluster.Messages;

/// <summary>A message that crosses the wire between members; only these, each written by <see cref="ClusterMessageSerializer"/>.</summary>
public interface IClusterMessage;

/// <summary>Asks a member for its link summary (<c>conlink status --cluster</c>).</summary>
public sealed record SummaryRequest : IClusterMessage;

/// <summary>A member's link summary: the JSON of its <c>conlink status</c>, at most <see cref="ClusterMessageSerializer.MaxSummaryBytes"/>.</summary>
public sealed record SummaryReply(string Member, string StatusJson) : IClusterMessage;
