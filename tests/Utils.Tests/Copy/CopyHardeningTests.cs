using System.Diagnostics;
using Conlink.Utils.Tests.Support;

namespace Conlink.Utils.Tests.Copy;

/// <summary>
/// copy run as root into a destination someone else prepared: links planted there are replaced, never followed,
/// a setuid file of another owner does not come out setuid root, and FIFOs in the source are skipped. Nothing
/// outside the destination changes.
/// </summary>
public sealed class CopyHardeningTests : IDisposable
{
    private const UnixFileMode Mode0755 = (UnixFileMode)0x1ED;
    private const UnixFileMode Mode4755 = Mode0755 | UnixFileMode.SetUser;
    private const UnixFileMode Mode2755 = Mode0755 | UnixFileMode.SetGroup;

    private readonly TemporaryDirectory _temp = new();

    public CopyHardeningTests()
    {
        _temp.Write("src/file1", "new file1");
        _temp.Write("src/dir1/inner", "new inner");
        _temp.Write("src/suid", "#!/bin/sh\n", Mode4755);
        _temp.Write("src/sgid", "#!/bin/sh\n", Mode2755);
        _temp.Write("outside/secret", "original secret", UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Directory.CreateDirectory(_temp.Join("outside/dir"));
        Directory.CreateDirectory(_temp.Join("dst"));
        File.CreateSymbolicLink(_temp.Join("dst/file1"), _temp.Join("outside/secret"));
        File.CreateSymbolicLink(_temp.Join("dst/dir1"), _temp.Join("outside/dir"));
    }

    [SkippableTheory]
    [MemberData(nameof(UtilityBuild.WithShell), MemberType = typeof(UtilityBuild))]
    public void Links_planted_in_the_destination_are_replaced_and_nothing_outside_changes(string build)
    {
        Skip.IfNot(TreeSnapshot.IsRoot, "copy's hardening matters, and is tested, as root");
        var outside = TreeSnapshot.Of(_temp.Join("outside"));

        var result = Run(build);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(outside, TreeSnapshot.Of(_temp.Join("outside")));
        Assert.Null(new FileInfo(_temp.Join("dst/file1")).LinkTarget);
        Assert.Equal("new file1", File.ReadAllText(_temp.Join("dst/file1")));
        Assert.Null(new DirectoryInfo(_temp.Join("dst/dir1")).LinkTarget);
        Assert.Equal("new inner", File.ReadAllText(_temp.Join("dst/dir1/inner")));
        Assert.Equal(["dir1", "file1", "sgid", "suid"], Directory.EnumerateFileSystemEntries(_temp.Join("dst")).Select(Path.GetFileName).Order());
    }

    [SkippableTheory]
    [MemberData(nameof(UtilityBuild.WithShell), MemberType = typeof(UtilityBuild))]
    public void A_setuid_or_setgid_file_of_another_owner_loses_the_bit_when_root_copies_it(string build)
    {
        Skip.IfNot(TreeSnapshot.IsRoot, "changing owners needs root");
        Chown("65534:65534", _temp.Join("src/suid"), _temp.Join("src/sgid"));
        File.SetUnixFileMode(_temp.Join("src/suid"), Mode4755);
        File.SetUnixFileMode(_temp.Join("src/sgid"), Mode2755);

        var result = Run(build);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(Mode0755, File.GetUnixFileMode(_temp.Join("dst/suid")));
        Assert.Equal(Mode0755, File.GetUnixFileMode(_temp.Join("dst/sgid")));
    }

    [SkippableTheory]
    [MemberData(nameof(UtilityBuild.WithShell), MemberType = typeof(UtilityBuild))]
    public void A_setuid_file_the_caller_owns_keeps_its_bit(string build)
    {
        Skip.IfNot(TreeSnapshot.IsRoot, "the source must be owned by the caller, root");

        var result = Run(build);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(Mode4755, File.GetUnixFileMode(_temp.Join("dst/suid")));
    }

    [SkippableTheory]
    [MemberData(nameof(UtilityBuild.WithShell), MemberType = typeof(UtilityBuild))]
    public void A_fifo_in_the_source_is_skipped_with_a_warning_instead_of_hanging(string build)
    {
        Process.Start("mkfifo", [_temp.Join("src/dir1/pipe")])!.WaitForExit();

        var result = Run(build);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"skipping '{_temp.Join("src/dir1/pipe")}'", result.Stderr, StringComparison.Ordinal);
        Assert.False(Path.Exists(_temp.Join("dst/dir1/pipe")));
        Assert.Equal("new inner", File.ReadAllText(_temp.Join("dst/dir1/inner")));
    }

    [SkippableTheory]
    [MemberData(nameof(UtilityBuild.WithShell), MemberType = typeof(UtilityBuild))]
    public void A_copy_leaves_no_temporary_files_and_keeps_a_private_mode_private(string build)
    {
        _temp.Write("src/private", "token", UnixFileMode.UserRead);

        var result = Run(build);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(UnixFileMode.UserRead, File.GetUnixFileMode(_temp.Join("dst/private")));
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(_temp.Join("dst"), "*", SearchOption.AllDirectories), p => Path.GetFileName(p).StartsWith('.'));
    }

    private ToolResult Run(string build) =>
        ToolRun.Run(UtilityBuild.Require(build).StartInfo("copy", [_temp.Join("src"), _temp.Join("dst")]));

    private static void Chown(string owner, params string[] paths)
    {
        using var chown = Process.Start("chown", [owner, .. paths])!;
        chown.WaitForExit();
        Assert.Equal(0, chown.ExitCode);
    }

    public void Dispose() => _temp.Dispose();
}
