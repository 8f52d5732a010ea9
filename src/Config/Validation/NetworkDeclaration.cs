using Conlink.Config.Model;

namespace Conlink.Config.Validation;

/// <summary>
/// A validated configuration as the user declared it: typed, checked, not yet enriched. Bridge
/// modes are the requested ones (possibly auto); links carry only the values the user gave.
/// </summary>
internal sealed record NetworkDeclaration(
    IReadOnlyList<LinkSpec> Links,
    IReadOnlyList<BridgeSpec> Bridges,
    IReadOnlyList<TunnelSpec> Tunnels,
    IReadOnlyList<CommandSpec> Commands);
