using System.Diagnostics;

namespace Conlink.Config.Tests.Loading;

/// <summary>Config paths that are not plain files of a sane size give a clear error naming the file, at once.</summary>
public sealed class HostileFileTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("conlink-hostile-files-");

    public void Dispose() => _directory.Delete(recursive: true);

    private string PathOf(string name) => Path.Combine(_directory.FullName, name);

    private static string SingleError(ConfigSources sources) =>
        Assert.Single(Assert.Throws<ConfigException>(() => ConfigLoader.Load(sources, new ConfigLoadOptions())).Errors).ToString();

    [Fact]
    public async Task A_fifo_is_refused_instead_of_hanging_the_read()
    {
        var fifo = PathOf("compose.yaml");
        await Process.Start("mkfifo", [fifo])!.WaitForExitAsync();

        var error = await Task.Run(() => SingleError(new ConfigSources([fifo], []))).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal($"{fifo}: cannot read file: it is a FIFO, not a regular file", error);
    }

    [Fact]
    public void Dev_zero_through_a_symlink_is_refused_without_reading_it()
    {
        var link = PathOf("net.yaml");
        File.CreateSymbolicLink(link, "/dev/zero");

        Assert.Equal($"{link}: cannot read file: it is a symbolic link, which conlink does not follow (name the file it points to)",
            SingleError(new ConfigSources([], [link])));
        Assert.Equal("/dev/zero: cannot read file: it is a device, not a regular file", SingleError(new ConfigSources([], ["/dev/zero"])));
    }

    [Fact]
    public void A_symlink_to_a_good_file_is_not_followed()
    {
        var target = PathOf("real.yaml");
        File.WriteAllText(target, "links: [{service: a, bridge: s1}]\n");
        var link = PathOf("net.yaml");
        File.CreateSymbolicLink(link, target);

        Assert.Contains("it is a symbolic link", SingleError(new ConfigSources([], [link])), StringComparison.Ordinal);
        Assert.Single(ConfigLoader.Load(new ConfigSources([], [target]), new ConfigLoadOptions()).Services);
    }

    [Fact]
    public void A_directory_is_called_a_directory_not_permission_denied()
    {
        var directory = PathOf("compose.yaml");
        Directory.CreateDirectory(directory);

        Assert.Equal($"{directory}: cannot read file: it is a directory", SingleError(new ConfigSources([directory], [])));
    }

    [Fact]
    public void A_file_over_the_size_limit_is_refused_by_its_size()
    {
        var big = PathOf("compose.yaml");
        using (var file = File.Create(big)) file.SetLength(20 * 1024 * 1024);

        Assert.Equal($"{big}: cannot read file: it is 20 MiB, larger than the 8 MiB a configuration file may be",
            SingleError(new ConfigSources([big], [])));
    }

    [Fact]
    public void A_path_split_at_a_colon_names_its_pieces()
    {
        var sources = ConfigSources.FromOptionValues([PathOf("a:b.yaml")], []);

        var errors = Assert.Throws<ConfigException>(() => ConfigLoader.Load(sources, new ConfigLoadOptions())).Errors.Select(e => e.ToString());

        var note = $" (a piece of '{PathOf("a:b.yaml")}', which was split at ':' into '{PathOf("a")}', 'b.yaml')";
        Assert.Equal([$"{PathOf("a")}: cannot read file: file not found{note}", $"b.yaml: cannot read file: file not found{note}"], errors);
    }
}
