namespace Conlink.Actors.Ports;

/// <summary>What <see cref="IContainerNetwork.ApplyAsync"/> did.</summary>
public enum LinkOutcome
{
    Created,
    Adopted,
}
