namespace Conlink.Config.Loading;

internal enum ConfigDocumentKind
{
    /// <summary>A compose file: network config lives under <c>x-network</c> keys.</summary>
    Compose,
    /// <summary>A network file: the whole document is network config.</summary>
    Network,
}
