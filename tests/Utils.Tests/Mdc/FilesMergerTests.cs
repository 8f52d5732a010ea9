using Conlink.Utils.Mdc;
using Conlink.Utils.Tests.Support;

namespace Conlink.Utils.Tests.Mdc;

public sealed class FilesMergerTests : IDisposable
{
    private readonly TemporaryDirectory _temp = new();
    private readonly string _files;

    public FilesMergerTests() => _files = _temp.Join(".files");

    [Fact]
    public void Each_dir_files_tree_of_a_mode_lands_under_the_dir_name()
    {
        var merger = new FilesMerger(_files, verboseLog: null);
        merger.Recreate();

        merger.Merge(FixtureMode("base"));

        Assert.Equal("from base\n", File.ReadAllText(Path.Join(_files, "svc1/etc/app.conf")));
        Assert.Equal("base only\n", File.ReadAllText(Path.Join(_files, "svc1/etc/base-only.conf")));
        Assert.Equal("hidden file\n", File.ReadAllText(Path.Join(_files, "svc2/.profile")));
    }

    [Fact]
    public void A_later_mode_replaces_an_earlier_modes_file_and_keeps_the_others()
    {
        var merger = new FilesMerger(_files, verboseLog: null);
        merger.Recreate();

        merger.Merge(FixtureMode("base"));
        merger.Merge(FixtureMode("web"));

        Assert.Equal("from web\n", File.ReadAllText(Path.Join(_files, "svc1/etc/app.conf")));
        Assert.Equal("base only\n", File.ReadAllText(Path.Join(_files, "svc1/etc/base-only.conf")));
    }

    [Fact]
    public void Recreate_wipes_what_an_earlier_run_left()
    {
        _temp.Write(".files/stale/old.conf", "old");
        var merger = new FilesMerger(_files, verboseLog: null);

        merger.Recreate();

        Assert.True(Directory.Exists(_files));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_files));
    }

    [Fact]
    public void Copies_keep_permissions_modification_times_and_symbolic_links()
    {
        const UnixFileMode mode0700 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        var script = _temp.Write("modes/m/svc/files/bin/start", "#!/bin/sh\n", mode0700);
        File.SetLastWriteTimeUtc(script, new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc));
        File.CreateSymbolicLink(_temp.Join("modes/m/svc/files/bin/run"), "start");
        var merger = new FilesMerger(_files, verboseLog: null);
        merger.Recreate();

        merger.Merge(new Mode("m", _temp.Join("modes/m"), []));

        var copy = Path.Join(_files, "svc/bin/start");
        Assert.Equal(mode0700, File.GetUnixFileMode(copy));
        Assert.Equal(new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc), File.GetLastWriteTimeUtc(copy));
        Assert.Equal("start", new FileInfo(Path.Join(_files, "svc/bin/run")).LinkTarget);
    }

    [Fact]
    public void A_mode_without_files_directories_adds_nothing()
    {
        var merger = new FilesMerger(_files, verboseLog: null);
        merger.Recreate();

        merger.Merge(FixtureMode("node1"));

        Assert.Empty(Directory.EnumerateFileSystemEntries(_files));
    }

    private static Mode FixtureMode(string name) => new(name, Path.Join(RepositoryPaths.Modes, "modes", name), []);

    public void Dispose() => _temp.Dispose();
}
