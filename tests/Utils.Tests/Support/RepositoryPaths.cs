using System.Runtime.CompilerServices;

namespace Conlink.Utils.Tests.Support;

/// <summary>Paths in the source tree, found from this file's own location.</summary>
public static class RepositoryPaths
{
    public static string TestProject { get; } = Path.GetDirectoryName(Path.GetDirectoryName(ThisFile()))!;

    public static string Root { get; } = Path.GetFullPath(Path.Join(TestProject, "../.."));

    public static string ShellScripts { get; } = Path.Join(Root, "src/Utils/sh");

    public static string Modes { get; } = Path.Join(TestProject, "Modes");

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
