using Conlink.Utils.Tests.Support;

namespace Conlink.Utils.Tests.Shared;

public sealed class CommandLocatorTests : IDisposable
{
    private const UnixFileMode Executable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly TemporaryDirectory _temp = new();

    [Fact]
    public void A_name_is_looked_up_in_each_search_path_directory_in_turn()
    {
        _temp.Write("first/tool", "", UnixFileMode.UserRead);
        var second = _temp.Write("second/tool", "#!/bin/sh\n", Executable);

        Assert.Equal(second, CommandLocator.Locate("tool", $"{_temp.Join("first")}:{_temp.Join("second")}"));
    }

    [Fact]
    public void A_name_that_is_in_no_search_path_directory_is_not_found() =>
        Assert.Null(CommandLocator.Locate("no-such-tool", _temp.Path));

    [Fact]
    public void A_path_with_a_slash_is_taken_as_it_is()
    {
        var tool = _temp.Write("bin/tool", "#!/bin/sh\n", Executable);

        Assert.Equal(tool, CommandLocator.Locate(tool, searchPath: "/nowhere"));
        Assert.Null(CommandLocator.Locate(_temp.Join("bin/absent"), searchPath: null));
    }

    [Fact]
    public void Directories_and_files_without_execute_permission_are_not_commands()
    {
        Directory.CreateDirectory(_temp.Join("bin/subdir"));
        _temp.Write("bin/data", "", UnixFileMode.UserRead | UnixFileMode.UserWrite);

        Assert.Null(CommandLocator.Locate("subdir", _temp.Join("bin")));
        Assert.Null(CommandLocator.Locate("data", _temp.Join("bin")));
    }

    [Fact]
    public void Without_a_search_path_the_exec_default_is_used() =>
        Assert.Equal("/bin/sh", CommandLocator.Locate("sh", searchPath: null));

    [Fact]
    public void An_empty_name_is_never_a_command() => Assert.Null(CommandLocator.Locate("", "/bin"));

    public void Dispose() => _temp.Dispose();
}
