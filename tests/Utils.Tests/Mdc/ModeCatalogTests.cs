using Conlink.Utils.Mdc;
using Conlink.Utils.Tests.Support;

namespace Conlink.Utils.Tests.Mdc;

public sealed class ModeCatalogTests : IDisposable
{
    private readonly TemporaryDirectory _temp = new();

    [Fact]
    public void Every_subdirectory_is_a_mode_with_the_dependencies_of_its_deps_file()
    {
        var catalog = ModeCatalog.Load([Path.Join(RepositoryPaths.Modes, "modes")]);

        Assert.True(catalog.TryGet("node1", out var node1));
        Assert.Equal(Path.Join(RepositoryPaths.Modes, "modes", "node1"), node1.Path);
        Assert.Equal<Dependency>([new Requires("base"), new RequiresAnyOf(["net-linux", "net-ovs"])], node1.Dependencies);
        Assert.True(catalog.TryGet("base", out var baseMode));
        Assert.Empty(baseMode.Dependencies);
    }

    [Fact]
    public void Mode_paths_keep_the_directory_as_given_so_the_env_file_shows_relative_paths()
    {
        _temp.Write("modes/web/deps", "");

        var catalog = ModeCatalog.Load([_temp.Join("modes") + "/"]);

        Assert.True(catalog.TryGet("web", out var web));
        Assert.Equal(_temp.Join("modes", "web"), web.Path);
    }

    [Fact]
    public void Modes_from_several_directories_are_combined()
    {
        var catalog = ModeCatalog.Load([Path.Join(RepositoryPaths.Modes, "modes"), Path.Join(RepositoryPaths.Modes, "extra")]);

        Assert.True(catalog.TryGet("tools", out _));
        Assert.True(catalog.TryGet("base", out _));
    }

    [Fact]
    public void A_mode_defined_in_two_directories_is_an_error_naming_both()
    {
        _temp.Write("one/base/deps", "");
        _temp.Write("two/base/deps", "");

        var error = Assert.Throws<ToolError>(() => ModeCatalog.Load([_temp.Join("one"), _temp.Join("two")]));

        Assert.Contains("mode 'base' is defined in more than one place", error.Message, StringComparison.Ordinal);
        Assert.Contains(_temp.Join("one", "base"), error.Message, StringComparison.Ordinal);
        Assert.Contains(_temp.Join("two", "base"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_modes_directory_that_does_not_exist_is_an_error()
    {
        var error = Assert.Throws<ToolError>(() => ModeCatalog.Load([_temp.Join("nowhere")]));

        Assert.Contains("nowhere", error.Message, StringComparison.Ordinal);
        Assert.Contains("MODES_DIR", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Dispose();
}
