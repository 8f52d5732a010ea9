using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Conlink.E2E.Harness;

/// <summary>
/// One compose project under test, driven through <c>docker compose</c> (v2). Its name is unique
/// per test, so tests never see each other's containers; disposing it runs
/// <c>down -v --remove-orphans</c>. Every command and its output goes to the test's output.
/// Compose files see NODE_IMAGE and CONLINK_IMAGE (<see cref="TestImages"/>).
/// </summary>
public sealed partial class ComposeProject : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan LogPollInterval = TimeSpan.FromMilliseconds(250);

    private static readonly TimeSpan InterfacePollInterval = TimeSpan.FromMilliseconds(100);

    private readonly IReadOnlyList<string> fileArguments;
    private readonly string? temporaryDirectory;
    private readonly ITestOutputHelper? output;
    private readonly IReadOnlyDictionary<string, string> environment;

    private ComposeProject(string directory, IReadOnlyList<string> fileArguments, string? temporaryDirectory, ITestOutputHelper? output,
        IReadOnlyDictionary<string, string>? extraEnvironment, string testName, string? name = null)
    {
        Directory = directory;
        this.fileArguments = fileArguments;
        this.temporaryDirectory = temporaryDirectory;
        this.output = output;
        Name = name ?? UniqueName(testName);
        environment = TestImages.AsEnvironment
            .Concat(extraEnvironment ?? new Dictionary<string, string>())
            .GroupBy(pair => pair.Key)
            .ToDictionary(group => group.Key, group => group.Last().Value);
    }

    /// <summary>The compose project name: <c>e2e-&lt;test&gt;-&lt;random&gt;</c>.</summary>
    public string Name { get; }

    /// <summary>The project directory: relative paths in the compose files resolve against it.</summary>
    public string Directory { get; }

    /// <summary>The environment compose runs with: the images, and what the test added.</summary>
    public IReadOnlyDictionary<string, string> Environment => environment;

    /// <summary>A project from compose YAML given inline, written to a temporary folder.</summary>
    public static ComposeProject FromYaml(string yaml, ITestOutputHelper? output = null,
        IReadOnlyDictionary<string, string>? environment = null, [CallerMemberName] string testName = "")
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("conlink-e2e-").FullName;
        var file = Path.Combine(directory, "compose.yaml");
        File.WriteAllText(file, yaml);
        return new ComposeProject(directory, ["--file", file], directory, output, environment, testName);
    }

    /// <summary>A project from an existing compose file, such as one of examples/.</summary>
    public static ComposeProject FromFile(string composeFile, ITestOutputHelper? output = null,
        IReadOnlyDictionary<string, string>? environment = null, [CallerMemberName] string testName = "")
    {
        var file = Path.GetFullPath(composeFile);
        return new ComposeProject(Path.GetDirectoryName(file)!, ["--file", file], null, output, environment, testName);
    }

    /// <summary>
    /// A project from a copy of <paramref name="directory"/> in a new temporary folder (deleted on
    /// dispose), for projects that write next to their files, such as utilities copied out of an
    /// image into <c>../utils</c>. <paramref name="composeFile"/> is relative to the directory.
    /// </summary>
    public static ComposeProject FromCopyOf(string directory, string composeFile, ITestOutputHelper? output = null,
        IReadOnlyDictionary<string, string>? environment = null, [CallerMemberName] string testName = "")
    {
        var copy = System.IO.Directory.CreateTempSubdirectory("conlink-e2e-").FullName;
        DirectoryTree.Copy(directory, copy);
        var file = Path.GetFullPath(Path.Combine(copy, composeFile));
        return new ComposeProject(Path.GetDirectoryName(file)!, ["--file", file], copy, output, environment, testName);
    }

    /// <summary>
    /// A project whose compose files an env file lists in <c>COMPOSE_FILE</c> (as <c>mdc</c> writes
    /// it), relative to the env file's folder, which is the project directory. With
    /// <paramref name="ownsDirectory"/>, disposing the project deletes that folder.
    /// </summary>
    public static ComposeProject FromEnvFile(string envFile, ITestOutputHelper? output = null,
        IReadOnlyDictionary<string, string>? environment = null, bool ownsDirectory = false, [CallerMemberName] string testName = "")
    {
        var file = Path.GetFullPath(envFile);
        var directory = Path.GetDirectoryName(file)!;
        return new ComposeProject(directory, ["--env-file", file], ownsDirectory ? directory : null, output, environment, testName);
    }

    /// <summary>
    /// The same project (name, files, directory) driven on another engine: <paramref name="environment"/>
    /// adds, say, DOCKER_HOST=unix:///run/podman/podman.sock to every command. Disposing it takes down
    /// what it brought up there; the folder stays with this project.
    /// </summary>
    public ComposeProject OnEngine(IReadOnlyDictionary<string, string> environment) =>
        new(Directory, fileArguments, null, output, Environment.Concat(environment).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value), "", Name);

    /// <summary>A valid compose project name (lower case letters, digits, '-') unique to this call.</summary>
    public static string UniqueName(string testName)
    {
        var slug = NotNameCharacters().Replace(testName.ToLowerInvariant(), "-").Trim('-');
        if (slug.Length > 40) slug = slug[..40].TrimEnd('-');
        if (slug.Length == 0) slug = "test";
        return $"e2e-{slug}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
    }

    /// <summary>Any <c>docker compose</c> command of this project, as a script would type it after <c>docker compose</c>.</summary>
    public Task<CommandResult> RunComposeAsync(params string[] arguments) => ComposeAsync(arguments);

    public async Task UpAsync(params string[] services) =>
        (await ComposeAsync(["up", "-d", .. services])).EnsureSuccess();

    /// <summary><c>down</c>, removing the project's volumes, orphans and the images compose built for it (<c>build:</c> without <c>image:</c>).</summary>
    public async Task DownAsync() =>
        (await ComposeAsync(["down", "-v", "--remove-orphans", "--rmi", "local", "--timeout", "5"])).EnsureSuccess();

    public async Task ScaleAsync(string service, int replicas) =>
        (await ComposeAsync(["up", "-d", "--no-recreate", "--scale", $"{service}={replicas}", service])).EnsureSuccess();

    public async Task RestartAsync(string service) =>
        (await ComposeAsync(["restart", service])).EnsureSuccess();

    /// <summary><c>docker restart</c> of the service's container number <paramref name="index"/>.</summary>
    public async Task DockerRestartAsync(string service, int index = 1) =>
        (await DockerAsync(["restart", "--time", "2", await ContainerIdAsync(service, index)])).EnsureSuccess();

    /// <summary>Runs a command in the service's first container; the result says whether it succeeded.</summary>
    public Task<CommandResult> ExecAsync(string service, params string[] command) =>
        ExecAsync(service, 1, command);

    /// <summary>Runs a command in the service's container number <paramref name="index"/> (1-based).</summary>
    public Task<CommandResult> ExecAsync(string service, int index, params string[] command) =>
        ComposeAsync(["exec", "-T", "--index", index.ToString(), service, .. command]);

    /// <summary>
    /// Runs a command in the service's first container with its stdout, as bytes, piped into a host program
    /// (<c>docker compose exec network conlink capture ... -w - | tcpdump -r -</c>); both results, the exec's without stdout.
    /// </summary>
    public async Task<(CommandResult Exec, CommandResult Reader)> ExecPipedAsync(string service, string[] command, string reader, params string[] readerArguments)
    {
        var (exec, read) = await Command.PipeAsync("docker", ComposeArguments(["exec", "-T", service, .. command]), reader, readerArguments,
            CommandTimeout, environment, Directory);
        Log(exec.ToString());
        Log(read.ToString());
        return (exec, read);
    }

    /// <summary>When the service's container number <paramref name="index"/> last started (docker's State.StartedAt, as it prints it).</summary>
    public async Task<string> StartedAtAsync(string service, int index = 1) =>
        (await DockerAsync(["inspect", "--format", "{{.State.StartedAt}}", await ContainerIdAsync(service, index)], quiet: true)).EnsureSuccess().Stdout.Trim();

    public async Task<string> LogsAsync(string service) =>
        (await ComposeAsync(["logs", "--no-color", "--no-log-prefix", service], quiet: true)).EnsureSuccess().Stdout;

    /// <summary>
    /// Waits until the service's log contains <paramref name="text"/> (at least
    /// <paramref name="occurrences"/> times) and returns the log; throws a
    /// <see cref="TimeoutException"/> that shows the log when it does not appear in time.
    /// </summary>
    public async Task<string> WaitForLogAsync(string service, string text, TimeSpan timeout, int occurrences = 1)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var logs = await LogsAsync(service);
            if (CountOf(logs, text) >= occurrences)
            {
                Log($"found '{text}' in the log of {service}" + (occurrences > 1 ? $" {occurrences} times" : ""));
                return logs;
            }
            if (waited.Elapsed >= timeout)
                throw new TimeoutException(
                    $"'{text}' did not appear {occurrences} time(s) in the log of {service} within {timeout.TotalSeconds:0.#} s; the log:\n{logs}");
            await Task.Delay(LogPollInterval);
        }
    }

    /// <summary>How often <paramref name="text"/> occurs in <paramref name="log"/>.</summary>
    public static int CountOf(string log, string text)
    {
        var count = 0;
        for (var at = log.IndexOf(text, StringComparison.Ordinal); at >= 0; at = log.IndexOf(text, at + text.Length, StringComparison.Ordinal))
            count++;
        return count;
    }

    /// <summary>The ids of the project's containers (of one service, if given), running or not.</summary>
    public async Task<IReadOnlyList<string>> ContainerIdsAsync(string? service = null)
    {
        List<string> filters = ["--filter", $"label=com.docker.compose.project={Name}"];
        if (service is not null) filters.AddRange(["--filter", $"label=com.docker.compose.service={service}"]);
        var result = (await DockerAsync(["ps", "-a", "--quiet", "--no-trunc", .. filters])).EnsureSuccess();
        return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>The id of the service's container number <paramref name="index"/> (1-based).</summary>
    public async Task<string> ContainerIdAsync(string service, int index = 1)
    {
        var result = (await DockerAsync(["ps", "-a", "--quiet", "--no-trunc",
            "--filter", $"label=com.docker.compose.project={Name}",
            "--filter", $"label=com.docker.compose.service={service}",
            "--filter", $"label=com.docker.compose.container-number={index}"])).EnsureSuccess();
        var ids = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return ids.Length == 1
            ? ids[0]
            : throw new InvalidOperationException($"expected one container {service} #{index} in {Name}, found {ids.Length}");
    }

    /// <summary>The host pid of the container's main process; 0 when it is not running.</summary>
    public async Task<int> ContainerPidAsync(string service, int index = 1)
    {
        var id = await ContainerIdAsync(service, index);
        var result = (await DockerAsync(["inspect", "--format", "{{.State.Pid}}", id])).EnsureSuccess();
        return int.Parse(result.Stdout.Trim());
    }

    /// <summary>
    /// The container's interfaces, read from the host in its network namespace (the node images
    /// have no <c>ip -j</c>), so this works for any image.
    /// </summary>
    public async Task<IReadOnlyList<ContainerInterface>> InterfacesAsync(string service, int index = 1) =>
        ContainerInterface.ParseIpJson((await InNamespaceAsync(service, index, quiet: true, "ip", "-j", "-d", "addr", "show"))
            .EnsureSuccess().Stdout);

    /// <summary>
    /// Runs a host program (such as <c>ethtool</c> or <c>tc</c>, which the node images lack) inside
    /// the network namespace of the service's container number <paramref name="index"/>.
    /// </summary>
    public Task<CommandResult> InNamespaceAsync(string service, int index, params string[] command) =>
        InNamespaceAsync(service, index, quiet: false, command);

    private async Task<CommandResult> InNamespaceAsync(string service, int index, bool quiet, params string[] command)
    {
        var pid = await ContainerPidAsync(service, index);
        if (pid == 0) throw new InvalidOperationException($"{service} #{index} of {Name} is not running");
        return await RunAsync("nsenter", [$"--net=/proc/{pid}/ns/net", "--", .. command], quiet);
    }

    /// <summary>
    /// Waits until the container's interfaces satisfy <paramref name="condition"/> (conlink builds
    /// links asynchronously) and returns them; throws a <see cref="TimeoutException"/> showing the
    /// last interfaces seen when they do not in time.
    /// </summary>
    public async Task<IReadOnlyList<ContainerInterface>> WaitForInterfacesAsync(string service, int index,
        Func<IReadOnlyList<ContainerInterface>, bool> condition, string description, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            IReadOnlyList<ContainerInterface> interfaces = [];
            if (await ContainerPidAsync(service, index) != 0)
            {
                interfaces = await InterfacesAsync(service, index);
                if (condition(interfaces)) return interfaces;
            }
            if (waited.Elapsed >= timeout)
                throw new TimeoutException($"{service} #{index} of {Name}: not {description} within {timeout.TotalSeconds:0.#} s; "
                    + $"its interfaces: {string.Join("; ", interfaces)}");
            await Task.Delay(InterfacePollInterval);
        }
    }

    /// <summary>Waits until the container has interface <paramref name="name"/>, up and with an IPv4 address.</summary>
    public async Task<ContainerInterface> WaitForAddressAsync(string service, int index, string name, TimeSpan timeout) =>
        (await WaitForInterfacesAsync(service, index,
            interfaces => interfaces.Any(i => i.Name == name && i.IsUp && i.Ipv4Addresses.Count > 0),
            $"showing {name} up with an address", timeout)).Single(i => i.Name == name);

    /// <summary>Pings <paramref name="address"/> once from the service's container; the result says whether it answered.</summary>
    public Task<CommandResult> PingAsync(string service, int index, string address) =>
        ExecAsync(service, index, "ping", "-c", "1", "-W", "2", address);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await DownAsync();
        }
        catch (Exception e) when (e is CommandFailedException or TimeoutException)
        {
            Log($"down failed: {e.Message}");
        }
        if (temporaryDirectory is not null) System.IO.Directory.Delete(temporaryDirectory, recursive: true);
    }

    private Task<CommandResult> ComposeAsync(IEnumerable<string> arguments, bool quiet = false) =>
        DockerAsync(ComposeArguments(arguments), quiet);

    private string[] ComposeArguments(IEnumerable<string> arguments) =>
        ["compose", "--ansi", "never", "--progress", "plain", "--project-name", Name, .. fileArguments, "--project-directory", Directory, .. arguments];

    private Task<CommandResult> DockerAsync(IEnumerable<string> arguments, bool quiet = false) =>
        RunAsync("docker", arguments, quiet);

    private async Task<CommandResult> RunAsync(string program, IEnumerable<string> arguments, bool quiet)
    {
        var result = await Command.RunAsync(program, arguments, CommandTimeout, environment, Directory);
        if (!quiet || !result.Succeeded) Log(result.Succeeded ? $"$ {result.CommandLine}\n{result.Stdout}".TrimEnd() : result.ToString());
        return result;
    }

    private void Log(string message)
    {
        try
        {
            output?.WriteLine(message);
        }
        catch (InvalidOperationException)
        {
            // the test has finished (disposal after its end): nobody is listening any more
        }
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotNameCharacters();
}
