using System.Runtime.InteropServices;
using Conlink.Cli.Tests.Support;

namespace Conlink.Arm64.Tests.Support;

/// <summary>
/// One architecture's published build in artifacts/publish/ARCH/{conlink,utils}: the x64 one runs natively,
/// the arm64 one under qemu-aarch64-static with the arm64 base image's file system as its root for the
/// dynamic loader (/var/cache/conlink-arm64-root, from scripts/setup-arm64.sh): the self-contained conlink
/// needs its glibc, libstdc++ and libssl; the static utilities need nothing.
/// </summary>
internal sealed class PublishedBuild
{
    public const string Qemu = "/usr/bin/qemu-aarch64-static";
    public const string Arm64Root = "/var/cache/conlink-arm64-root";

    public static PublishedBuild X64 { get; } = new("amd64", []);
    public static PublishedBuild Arm64 { get; } = new("arm64", [Qemu, "-L", Arm64Root]);

    private readonly string[] _emulator;

    private PublishedBuild(string architecture, string[] emulator)
    {
        Architecture = architecture;
        Folder = RepositoryPaths.Of("artifacts", "publish", architecture);
        _emulator = emulator;
    }

    public string Architecture { get; }

    public string Folder { get; }

    public string Conlink => Path.Combine(Folder, "conlink", "conlink");

    public string Utility(string name) => Path.Combine(Folder, "utils", name);

    /// <summary>The same fixed environment for both builds, plus <paramref name="extra"/>.</summary>
    public static Dictionary<string, string> Environment(IReadOnlyDictionary<string, string>? extra = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            ["HOME"] = "/root",
        };
        foreach (var (name, value) in extra ?? new Dictionary<string, string>()) environment[name] = value;
        return environment;
    }

    public ProgramRun Run(string executable, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null, TimeSpan? timeout = null) =>
        _emulator.Length == 0
            ? ProgramRun.Of(executable, args, environment ?? Environment(), workingDirectory ?? RepositoryPaths.Root, timeout)
            : ProgramRun.Of(_emulator[0], [.. _emulator[1..], executable, .. args], environment ?? Environment(), workingDirectory ?? RepositoryPaths.Root, timeout);

    /// <summary>Skips, saying what is missing, unless both builds and the emulator are here.</summary>
    public static void SkipUnlessBothArePublished()
    {
        Skip.If(RuntimeInformation.OSArchitecture != System.Runtime.InteropServices.Architecture.X64,
            $"the arm64 build is compared with the x64 one on an x64 host; this one is {RuntimeInformation.OSArchitecture}");
        Skip.IfNot(File.Exists(Qemu), $"no {Qemu}: scripts/setup-arm64.sh installs qemu-user-static");
        Skip.IfNot(File.Exists(Path.Combine(Arm64Root, "lib", "ld-linux-aarch64.so.1")) && File.Exists(Path.Combine(Arm64Root, "usr", "lib", "aarch64-linux-gnu", "libssl.so.3")),
            $"no arm64 glibc and libssl in {Arm64Root}: scripts/setup-arm64.sh exports the arm64 base image there");
        foreach (var build in new[] { X64, Arm64 })
        {
            Skip.IfNot(File.Exists(build.Conlink) && File.Exists(build.Utility("wait")),
                $"no {build.Architecture} build in {build.Folder}: scripts/build-image.sh --arch {build.Architecture} --publish-only " +
                "(scripts/test.sh arm64 publishes both)");
        }
    }
}
