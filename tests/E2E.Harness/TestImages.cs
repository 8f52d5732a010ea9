namespace Conlink.E2E.Harness;

/// <summary>
/// The images compose files refer to as ${NODE_IMAGE} and ${CONLINK_IMAGE}. There is no registry
/// here: scripts/setup-docker.sh builds local/busybox and scripts/build-image.sh builds conlink.
/// The environment variables of the same names override them.
/// </summary>
public static class TestImages
{
    public static string Node { get; } = Environment.GetEnvironmentVariable("NODE_IMAGE") ?? "local/busybox";
    public static string Conlink { get; } = Environment.GetEnvironmentVariable("CONLINK_IMAGE") ?? "conlink";

    public static IReadOnlyDictionary<string, string> AsEnvironment { get; } = new Dictionary<string, string>
    {
        ["NODE_IMAGE"] = Node,
        ["CONLINK_IMAGE"] = Conlink,
    };
}
