namespace Conlink.Utils.Mdc;

/// <summary>mdc's settings, from environment variables (an empty variable counts as unset).</summary>
public sealed record MdcSettings(
    IReadOnlyList<string> ModeDirectories,
    string EnvFile,
    string FilesDirectory,
    IReadOnlyList<string> DockerCompose,
    bool Verbose)
{
    public static MdcSettings FromEnvironment(Func<string, string?> variable)
    {
        string Get(string name, string fallback) => variable(name) is { Length: > 0 } value ? value : fallback;

        var filesDirectory = Get("MDC_FILES_DIR", "./.files");
        var trimmed = filesDirectory.TrimEnd('/');
        if (trimmed.Length == 0 || Path.GetFileName(trimmed) is "." or "..")
            throw ToolError.Failure($"MDC_FILES_DIR must not be '.', '..' or '/' (it is wiped): '{filesDirectory}'");

        var dockerCompose = Get("DOCKER_COMPOSE", "docker compose").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return new MdcSettings(
            Get("MODES_DIR", "./modes").Split([',', ':'], StringSplitOptions.RemoveEmptyEntries),
            Get("ENV_FILE", ".env"),
            filesDirectory,
            dockerCompose.Length > 0 ? dockerCompose : ["docker", "compose"],
            Verbose: variable("VERBOSE") is { Length: > 0 });
    }
}
