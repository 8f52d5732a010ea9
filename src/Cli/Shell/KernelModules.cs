namespace Conlink.Cli.Shell;

/// <summary>Which kernel modules are loaded, from <c>/proc/modules</c>.</summary>
internal static class KernelModules
{
    private const string ModulesFile = "/proc/modules";

    public static bool IsLoaded(string module) => IsLoaded(module, ModulesFile);

    public static bool IsLoaded(string module, string modulesFile)
    {
        try
        {
            return File.ReadLines(modulesFile).Any(line => line.Split(' ', 2)[0] == module);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
