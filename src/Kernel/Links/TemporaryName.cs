namespace Conlink.Kernel.Links;

/// <summary>
/// Names a link carries while it is being made. Only a complete link has its final name, so a
/// half-made one never passes for a finished one, and a taken final name cannot block creation.
/// </summary>
internal static class TemporaryName
{
    public const string Prefix = "cltmp";

    public static string New() => Prefix + Random.Shared.Next().ToString("x8")[..8];

    public static bool IsTemporary(string name) => name.StartsWith(Prefix, StringComparison.Ordinal);
}
