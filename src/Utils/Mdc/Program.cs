using Conlink.Utils;
using Conlink.Utils.Mdc;

const string usage = """
    Usage: mdc MODES [DOCKER-COMPOSE-ARGS...]

    Resolves MODES (comma-separated mode names; 'a|b' for either) and their dependencies from the modes
    directories, writes the env file that combines them for docker compose, merges their files, then runs
    '$DOCKER_COMPOSE --env-file $ENV_FILE DOCKER-COMPOSE-ARGS...' when such arguments are given.

    Environment: MODES_DIR (./modes; comma-separated list allowed), ENV_FILE (.env),
    MDC_FILES_DIR (./.files), DOCKER_COMPOSE (docker compose), VERBOSE (non-empty: say more).

    """;

return ToolMain.Run("mdc", usage, () =>
{
    if (args.Length == 0 || args[0].Length == 0)
        throw ToolError.Usage("expected MODES");
    if (args[0] is "-h" or "--help")
    {
        Console.Out.Write(usage);
        return 0;
    }

    var settings = MdcSettings.FromEnvironment(Environment.GetEnvironmentVariable);
    var verboseLog = settings.Verbose ? Console.Error : null;

    var catalog = ModeCatalog.Load(settings.ModeDirectories);
    var modes = ModeResolver.Resolve(catalog, DependencyParser.Parse(args[0]));
    var contents = modes.Select(ModeContent.Read).ToArray();

    // Rendered first: a name or path the env file cannot hold stops mdc before it writes anything.
    var commandLine = string.Join(' ', args.Prepend(InvocationName()));
    var envPath = Path.GetFullPath(settings.EnvFile);
    var composeDirectory = Path.GetDirectoryName(envPath)!;
    var env = EnvFileWriter.Render(commandLine, contents, composeDirectory);

    var fileMode = (UnixFileMode)0x1B6 & ~Umask.Current(); // 0666 less the umask, as a shell redirection makes it
    using (var workingDirectory = SafeDirectory.Open("."))
        workingDirectory.WriteFile(Path.GetFileName(EnvFileWriter.EmptyComposeFile),
            output => output.Write(System.Text.Encoding.UTF8.GetBytes(EnvFileWriter.EmptyComposeText)), _ => fileMode);

    var filesMerger = new FilesMerger(settings.FilesDirectory, verboseLog);
    filesMerger.Recreate();
    foreach (var mode in modes)
        filesMerger.Merge(mode);

    // Written under a temporary name and renamed over ENV_FILE: a symbolic link there is replaced, not written through.
    using (var envDirectory = SafeDirectory.Open(composeDirectory))
        envDirectory.WriteFile(Path.GetFileName(envPath), output => output.Write(System.Text.Encoding.UTF8.GetBytes(env)), _ => fileMode);

    Console.Error.WriteLine($"MODES: {string.Join(' ', modes.Select(mode => mode.Name))}");
    verboseLog?.Write(env);

    if (args.Length == 1)
        return 0;
    string[] compose = [.. settings.DockerCompose, "--env-file", settings.EnvFile, .. args[1..]];
    return CommandHandoff.Run("mdc", compose, Console.Error);
});

// The name mdc was started by, as a shell script's $0 would be.
static string InvocationName()
{
    try
    {
        return File.ReadAllText("/proc/self/cmdline").Split('\0')[0];
    }
    catch (IOException)
    {
        return "mdc";
    }
}
