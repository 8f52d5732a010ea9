using System.Diagnostics;

namespace Conlink.Utils.Tests.Support;

/// <summary>
/// The static executables as shipped: the directory named by CONLINK_UTILS_DIR if set (scripts/test.sh
/// publishes them once before the level and sets it), otherwise artifacts/utils, (re)published once per
/// test run with scripts/publish-utils.sh.
/// </summary>
public static class PublishedUtils
{
    /// <summary>Four NativeAOT builds: minutes on a loaded machine, so not a tool's hang guard.</summary>
    private static readonly TimeSpan PublishGuard = TimeSpan.FromMinutes(20);

    private static readonly Lazy<string> Published = new(Publish);

    public static string Directory => Published.Value;

    public static string PathOf(string file) => System.IO.Path.Join(Directory, file);

    private static string Publish()
    {
        if (Environment.GetEnvironmentVariable("CONLINK_UTILS_DIR") is { Length: > 0 } given)
            return File.Exists(System.IO.Path.Join(given, "wait"))
                ? given
                : throw new InvalidOperationException($"CONLINK_UTILS_DIR={given} holds no published utilities (scripts/publish-utils.sh DIR makes them)");

        var output = System.IO.Path.Join(RepositoryPaths.Root, "artifacts", "utils");
        var result = ToolRun.Run(new ProcessStartInfo("bash")
        {
            ArgumentList = { System.IO.Path.Join(RepositoryPaths.Root, "scripts", "publish-utils.sh"), output },
        }, PublishGuard);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"scripts/publish-utils.sh failed: {result}");
        return output;
    }
}
