using Conlink.Config.Model;

namespace Conlink.Config.Planning;

/// <summary>Everything conlink must build for one container instance.</summary>
public sealed record ContainerPlan(ContainerIdentity Container, IReadOnlyList<LinkPlan> Links, IReadOnlyList<CommandSpec> Commands)
{
    public bool IsEmpty => Links.Count == 0 && Commands.Count == 0;
}
