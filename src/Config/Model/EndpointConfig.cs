namespace Conlink.Config.Model;

/// <summary>The links and commands declared for one service or one container.</summary>
public sealed record EndpointConfig(IReadOnlyList<LinkSpec> Links, IReadOnlyList<CommandSpec> Commands);
