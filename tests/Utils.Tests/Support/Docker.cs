using System.Diagnostics;

namespace Conlink.Utils.Tests.Support;

/// <summary>The docker CLI against the local engine; tests that need it skip with the reason when it is not there.</summary>
public static class Docker
{
    public const string Busybox = "local/busybox";

    private static readonly Lazy<string?> Missing = new(FindWhatIsMissing);

    /// <summary>Skips the calling test, with the reason, unless the engine answers and local/busybox exists.</summary>
    public static void Require() => Skip.If(Missing.Value is not null, Missing.Value);

    public static ToolResult Run(params string[] args)
    {
        var startInfo = new ProcessStartInfo("docker");
        foreach (var arg in args)
            startInfo.ArgumentList.Add(arg);
        return ToolRun.Run(startInfo);
    }

    /// <summary>Removes containers by name, whether or not they exist or still run.</summary>
    public static void RemoveContainers(IEnumerable<string> names)
    {
        foreach (var name in names)
            Run("rm", "--force", "--volumes", name);
    }

    public static string NewContainerName() => $"conlink-utils-test-{Guid.NewGuid():N}"[..32];

    private static string? FindWhatIsMissing()
    {
        if (Conlink.Utils.CommandLocator.Locate("docker", Environment.GetEnvironmentVariable("PATH")) is null)
            return "no Docker engine: the docker client is not installed";
        var info = Run("info", "--format", "{{.ServerVersion}}");
        if (info.ExitCode != 0)
            return $"no Docker engine: 'docker info' failed: {info.Stderr.Trim()}";
        if (Run("image", "inspect", Busybox).ExitCode != 0)
            return $"no {Busybox} image (the project's Docker setup script builds it)";
        return null;
    }
}
