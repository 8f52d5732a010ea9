using System.Formats.Tar;
using System.Security.Cryptography;
using Conlink.Arm64.Tests.Support;
using Conlink.Cli.Tests.Support;

namespace Conlink.Arm64.Tests;

/// <summary>
/// The arm64 image (CONLINK_ARM64_IMAGE, default conlink:arm64-test) that
/// <c>scripts/build-image.sh --arch arm64</c> built from artifacts/publish/arm64: complete, and all arm64.
/// </summary>
public sealed class Arm64ImageTests
{
    private static readonly string Image = Environment.GetEnvironmentVariable("CONLINK_ARM64_IMAGE") is { Length: > 0 } image ? image : "conlink:arm64-test";

    // what conlink runs or loads in the image: the tools of docs/docker.md, the loader, the libraries .NET needs
    private static readonly string[] Programs =
    [
        "/usr/sbin/iptables", "/usr/sbin/ip6tables", "/usr/sbin/iptables-legacy", "/usr/sbin/ethtool", "/bin/ip", "/usr/bin/tini",
        "/bin/sh", "/lib/ld-linux-aarch64.so.1", "/lib/aarch64-linux-gnu/libc.so.6", "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
        "/lib/aarch64-linux-gnu/libgcc_s.so.1", "/lib/aarch64-linux-gnu/libz.so.1", "/usr/lib/aarch64-linux-gnu/libssl.so.3",
    ];

    [SkippableFact]
    public void The_image_holds_the_published_arm64_build_the_tools_and_libraries_and_no_program_of_another_machine()
    {
        Docker.SkipUnlessImage(Image);
        var published = PublishedBuild.Arm64.Folder;
        Skip.IfNot(Directory.Exists(Path.Combine(published, "conlink")), $"no arm64 build in {published} to compare the image with");
        var files = ImageFiles.Of(Image);

        var missing = new List<string>();
        foreach (var (folder, inImage) in new[] { ("conlink", "/app"), ("utils", "/utils") })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(published, folder), "*", SearchOption.AllDirectories))
            {
                var path = inImage + "/" + Path.GetRelativePath(Path.Combine(published, folder), file);
                var entry = files.Resolve(path);
                if (entry is null) missing.Add($"{path}: not in the image");
                else if (entry.Sha256 != Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file))))
                    missing.Add($"{path}: not the published file (the image is older than artifacts/publish/arm64)");
            }
        }
        foreach (var program in Programs.Append("/app/entrypoint.sh"))
        {
            var entry = files.Resolve(program);
            if (entry is null) missing.Add($"{program}: not in the image");
            else if (!entry.Mode.HasFlag(UnixFileMode.UserExecute) && !program.Contains(".so", StringComparison.Ordinal))
                missing.Add($"{program}: not executable");
            else if (program != "/app/entrypoint.sh" && entry.Machine != ElfMachine.Aarch64)
                missing.Add($"{program}: {entry.Path} is {(entry.Machine is { } m ? m.ToString() : "not an ELF file")}, not aarch64");
        }
        Assert.True(missing.Count == 0, string.Join('\n', missing));

        var foreign = files.Entries.Where(e => e.Machine is { } machine && machine != ElfMachine.Aarch64).Select(e => $"{e.Path}: {e.Machine}").ToList();
        Assert.True(foreign.Count == 0, "programs of another machine in the arm64 image:\n" + string.Join('\n', foreign));
        Assert.True(files.Entries.Count(e => e.Machine == ElfMachine.Aarch64) > 100, "hardly any arm64 programs in the image");
        Assert.Contains(files.Entries, e => e.Path == "/app/conlink" && e.Type is TarEntryType.RegularFile or TarEntryType.V7RegularFile);
    }

    [SkippableFact]
    public void The_image_runs_conlink_and_the_utilities_under_emulation()
    {
        Docker.SkipUnlessImage(Image);
        Skip.IfNot(File.Exists(PublishedBuild.Arm64.Conlink), "no arm64 build in artifacts/publish/arm64 to compare the image with");
        var expectedVersion = PublishedBuild.Arm64.Run(PublishedBuild.Arm64.Conlink, ["--version"]);
        var router = RepositoryPaths.Of("examples", "router");
        string[] Run(string entrypoint, params string[] args) =>
            ["run", "--rm", "--network", "none", "-v", router + ":/test:ro", "--entrypoint", entrypoint, Image, .. args];

        // tini, the image's PID 1, asks for PR_SET_CHILD_SUBREAPER, which qemu-user does not emulate:
        // the programs are started directly here (docs/docker.md)
        Assert.Equal(expectedVersion.Out, Docker.Run(Run("/app/conlink", "--version"), TimeSpan.FromMinutes(3)));
        var validate = Docker.Try(Run("/app/conlink", "validate", "--compose-file", "/test/compose.yaml"), TimeSpan.FromMinutes(3));
        Assert.True(validate.ExitCode == 0, validate.ToString());
        Assert.Equal("ready\n", Docker.Run(Run("/utils/wait", "-f", "/test/compose.yaml", "-i", "lo", "--", "/bin/echo", "ready"), TimeSpan.FromMinutes(3)));
        Assert.Contains("ip utility, iproute2", Docker.Run(Run("/bin/ip", "-V")), StringComparison.Ordinal);
        Assert.StartsWith("ethtool version", Docker.Run(Run("/usr/sbin/ethtool", "--version")), StringComparison.Ordinal);
    }
}
