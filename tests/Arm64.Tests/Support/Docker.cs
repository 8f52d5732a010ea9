using Conlink.Cli.Tests.Support;

namespace Conlink.Arm64.Tests.Support;

/// <summary>The docker command line, for the image tests.</summary>
internal static class Docker
{
    public static string Run(string[] args, TimeSpan? timeout = null)
    {
        var run = Try(args, timeout);
        if (run.ExitCode != 0) throw new InvalidOperationException($"docker {string.Join(' ', args)}: {run}");
        return run.Out;
    }

    public static ProgramRun Try(string[] args, TimeSpan? timeout = null) =>
        ProgramRun.Of("docker", args, PublishedBuild.Environment(), RepositoryPaths.Root, timeout);

    /// <summary>Skips, saying why, unless an engine answers and has <paramref name="image"/>.</summary>
    public static void SkipUnlessImage(string image)
    {
        Skip.IfNot(Environment.UserName == "root", "the image tests use the Docker engine, which needs root");
        Skip.IfNot(File.Exists("/usr/bin/docker") || File.Exists("/usr/local/bin/docker"), "no docker command: scripts/setup-docker.sh installs it");
        ProgramRun info;
        try { info = Try(["info", "--format", "{{.ServerVersion}}"], TimeSpan.FromSeconds(20)); }
        catch (TimeoutException) { info = new ProgramRun(1, "", "docker info did not answer in 20 s"); }
        Skip.IfNot(info.ExitCode == 0, $"no Docker engine answers ({info.Error.Trim()}): scripts/setup-docker.sh starts one");
        Skip.IfNot(Try(["image", "inspect", image]).ExitCode == 0,
            $"no image {image}: IMAGE={image} scripts/build-image.sh --arch arm64 under /run/lock/conlink-docker.lock (scripts/test.sh arm64 builds it)");
    }
}
