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

    File.WriteAllText(EnvFileWriter.EmptyComposeFile, EnvFileWriter.EmptyComposeText);

    var filesMerger = new FilesMerger(settings.FilesDirectory, verboseLog);
    filesMerger.Recreate();
    foreach (var mode in modes)
        filesMerger.Merge(mode);

    var commandLine = string.Join(' ', args.Prepend(InvocationName()));
    var composeDirectory = Path.GetFullPath(Path.GetDirectoryName(Path.GetFullPath(settings.EnvFile))!);
    var env = EnvFileWriter.Render(commandLine, contents, composeDirectory);
    var temporary = settings.EnvFile + "-mdc-tmp";
    File.WriteAllText(temporary, env);
    File.Move(temporary, settings.EnvFile, overwrite: true);

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
