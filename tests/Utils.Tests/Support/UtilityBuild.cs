using System.Diagnostics;

namespace Conlink.Utils.Tests.Support;

/// <summary>
/// One way of running a utility; behaviour tests run against each, so the shipped forms behave alike.
/// </summary>
public abstract record UtilityBuild(string Name)
{
    /// <summary>The tools' own managed builds, run by the dotnet host from the test output directory.</summary>
    public static readonly UtilityBuild Managed = new ManagedBuild();

    /// <summary>The static NativeAOT executables from scripts/publish-utils.sh.</summary>
    public static readonly UtilityBuild Static = new StaticBuild();

    /// <summary>wait.sh and copy.sh run by busybox sh.</summary>
    public static readonly UtilityBuild Shell = new ShellBuild();

    private static readonly IReadOnlyDictionary<string, UtilityBuild> ByName =
        new[] { Managed, Static, Shell }.ToDictionary(build => build.Name);

    public static UtilityBuild Named(string name) => ByName[name];

    /// <summary>The build of that name; the calling test is skipped, with the reason, when it cannot run here.</summary>
    public static UtilityBuild Require(string name)
    {
        var build = Named(name);
        Skip.If(build.Unavailable is not null, build.Unavailable);
        return build;
    }

    public static TheoryData<string> WithShell => new() { Managed.Name, Static.Name, Shell.Name };

    public static TheoryData<string> WithoutShell => new() { Managed.Name, Static.Name };

    /// <summary>Why this build cannot run here, or null.</summary>
    public virtual string? Unavailable => null;

    public ProcessStartInfo StartInfo(string tool, IEnumerable<string> args, string? workingDirectory = null)
    {
        var (program, leadingArgs) = Command(tool);
        var startInfo = new ProcessStartInfo(program);
        foreach (var arg in leadingArgs.Concat(args))
            startInfo.ArgumentList.Add(arg);
        if (workingDirectory is not null)
            startInfo.WorkingDirectory = workingDirectory;
        return startInfo;
    }

    protected abstract (string Program, IEnumerable<string> LeadingArgs) Command(string tool);

    public override string ToString() => Name;

    private sealed record ManagedBuild() : UtilityBuild("managed")
    {
        protected override (string, IEnumerable<string>) Command(string tool) =>
            ("dotnet", [Path.Join(AppContext.BaseDirectory, tool + ".dll")]);
    }

    private sealed record StaticBuild() : UtilityBuild("static")
    {
        protected override (string, IEnumerable<string>) Command(string tool) => (PublishedUtils.PathOf(tool), []);
    }

    private sealed record ShellBuild() : UtilityBuild("sh")
    {
        private static readonly string? Busybox =
            Conlink.Utils.CommandLocator.Locate("busybox", Environment.GetEnvironmentVariable("PATH"));

        public override string? Unavailable =>
            Busybox is null ? "busybox is not installed (Debian package busybox-static)" : null;

        protected override (string, IEnumerable<string>) Command(string tool) =>
            (Busybox!, ["sh", Path.Join(RepositoryPaths.ShellScripts, tool + ".sh")]);
    }
}
