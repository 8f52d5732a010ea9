namespace Conlink.Config.Planning;

/// <summary>A link cannot be planned for a particular container (for example, its offset IP leaves the subnet).</summary>
public sealed class PlanningException(string linkId, string message) : Exception($"link {linkId}: {message}")
{
    /// <summary>The link's id, <c>containerName:dev</c>.</summary>
    public string LinkId { get; } = linkId;
}
