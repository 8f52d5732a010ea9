using System.Diagnostics;
using System.Globalization;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Conlink.Benchmarks.Docker;

/// <summary>
/// The benchmark's compose project: service <c>node</c> scaled to N, one veth link each on bridge
/// s1, and the conlink sidecar <c>network</c>, started separately. Compose runs through the
/// <c>docker compose</c> CLI; containers are read and restarted through the Docker API.
/// </summary>
internal sealed class BenchProject : IDisposable
{
    public const string Node = "node";
    public const string Sidecar = "network";
    public const string Dev = "eth0";
    public const string FirstAddress = "10.0.0.1/16";

    private static readonly TimeSpan ComposeTimeout = TimeSpan.FromMinutes(10);
    private readonly string _directory = Directory.CreateTempSubdirectory("conlink-bench-docker-").FullName;
    private readonly Dictionary<string, string> _environment;

    public BenchProject(int replicas, string nodeImage, string conlinkImage)
    {
        Name = "bench-docker-" + Guid.NewGuid().ToString("N")[..6];
        _environment = new() { ["NODE_IMAGE"] = nodeImage, ["CONLINK_IMAGE"] = conlinkImage };
        File.WriteAllText(Path.Combine(_directory, "compose.yaml"), $$"""
            services:
              {{Node}}:
                image: ${NODE_IMAGE}
                init: true
                network_mode: none
                scale: {{replicas}}
                command: sleep 864000
                x-network:
                  links:
                    - {bridge: s1, ip: {{FirstAddress}}}
              {{Sidecar}}:
                image: ${CONLINK_IMAGE}
                pid: host
                network_mode: none
                cap_add: [SYS_ADMIN, NET_ADMIN, SYS_NICE, NET_BROADCAST, IPC_LOCK]
                security_opt: [apparmor:unconfined]
                volumes:
                  - /var/run/docker.sock:/var/run/docker.sock
                  - ./:/test
                command: /app/conlink --compose-file /test/compose.yaml
            """);
    }

    public string Name { get; }
    public DockerClient Docker { get; } = new DockerClientConfiguration(new Uri("unix:///var/run/docker.sock")).CreateClient();

    public void Up(string service) => Compose("up", "-d", "--no-recreate", service);

    /// <summary>The service's running containers by replica index.</summary>
    public async Task<SortedDictionary<int, string>> ContainersAsync(string service)
    {
        var listed = await Docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool>
                {
                    [$"com.docker.compose.project={Name}"] = true,
                    [$"com.docker.compose.service={service}"] = true,
                },
            },
        });
        return new SortedDictionary<int, string>(listed.ToDictionary(
            c => int.Parse(c.Labels["com.docker.compose.container-number"], CultureInfo.InvariantCulture), c => c.ID));
    }

    public async Task<ContainerInspectResponse> InspectAsync(string id) => await Docker.Containers.InspectContainerAsync(id);

    /// <summary>The container's log (conlink logs to stderr) with Docker's receive timestamps.</summary>
    public string TimestampedLog(string id) => Run("docker", ["logs", "--timestamps", id]).Stderr;

    /// <summary>CPU time the container's cgroup has used, all its processes together.</summary>
    public async Task<TimeSpan> CpuAsync(string id)
    {
        ContainerStatsResponse? stats = null;
        await Docker.Containers.GetContainerStatsAsync(id, new ContainerStatsParameters { Stream = false },
            new Progress<ContainerStatsResponse>(s => stats = s));
        for (var waited = 0; stats is null && waited < 100; waited++) await Task.Delay(10);
        return TimeSpan.FromMicroseconds((stats ?? throw new InvalidOperationException($"no stats for {id}")).CPUStats.CPUUsage.TotalUsage / 1000.0);
    }

    public void Dispose()
    {
        try
        {
            Compose("down", "--timeout", "1", "--remove-orphans");
        }
        finally
        {
            Docker.Dispose();
            Directory.Delete(_directory, recursive: true);
        }
    }

    private void Compose(params string[] arguments) =>
        Run("docker", ["compose", "--ansi", "never", "--progress", "plain", "--project-name", Name, "--project-directory", _directory, .. arguments]);

    private (string Stdout, string Stderr) Run(string program, IEnumerable<string> arguments)
    {
        var startInfo = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _directory };
        foreach (var argument in arguments) startInfo.ArgumentList.Add(argument);
        foreach (var (name, value) in _environment) startInfo.Environment[name] = value;
        using var process = Process.Start(startInfo)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(ComposeTimeout)) process.Kill(entireProcessTree: true);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', startInfo.ArgumentList)} exited {process.ExitCode}: {stderr.Result}");
        return (stdout, stderr.Result);
    }
}
