using Conlink.E2E.Harness;

namespace Conlink.Compat.Tests;

/// <summary>
/// What the original's own tests do around every topology, done the same way here: bring the project
/// up with <c>up -d --force-recreate</c>, then wait until <c>logs network</c> shows "All links connected".
/// </summary>
public static class OriginalStyle
{
    /// <summary>The folder of this level's compose files in the repository.</summary>
    public static string FilesOf(string flow) => Repository.PathOf($"tests/Compat/Files/{flow}");

    /// <summary><c>up -d --force-recreate</c>, then waits for "All links connected" and returns the sidecar's log.</summary>
    public static async Task<string> UpAsync(ComposeProject project)
    {
        (await project.RunComposeAsync("up", "-d", "--force-recreate")).EnsureSuccess();
        return await project.WaitUntilConnectedAsync();
    }

    /// <summary>The sidecar's <c>command:</c> as compose gave it to the container (checks that a test runs the original's line).</summary>
    public static async Task<string> SidecarCommandAsync(ComposeProject project)
    {
        var id = await project.ContainerIdAsync(ConlinkSidecar.Service);
        var inspect = await Command.RunAsync("docker", ["inspect", "--format", "{{join .Config.Cmd \" \"}}", id], TimeSpan.FromSeconds(30));
        return inspect.EnsureSuccess().Stdout.Trim();
    }
}
