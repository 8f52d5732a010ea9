using Conlink.Kernel.Tools;

namespace Conlink.Kernel.Tests;

/// <summary>The probe bridge mode auto uses to know whether ovs-vsctl is there, on a search path the test builds.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class OvsVsctlPresenceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("conlink-ovs-path-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Ovs_vsctl_is_installed_when_an_executable_file_of_that_name_is_on_the_search_path()
    {
        var empty = Directory.CreateDirectory(Path.Join(_dir, "empty")).FullName;
        var bin = Directory.CreateDirectory(Path.Join(_dir, "bin")).FullName;
        File.WriteAllText(Path.Join(bin, "ovs-vsctl"), "#!/bin/sh\n");
        File.SetUnixFileMode(Path.Join(bin, "ovs-vsctl"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        Assert.True(OvsVsctl.IsInstalled($"{empty}:{bin}"));
    }

    [Fact]
    public void Ovs_vsctl_is_not_installed_when_the_search_path_lacks_it_or_holds_it_not_executable_or_as_a_directory()
    {
        var plain = Directory.CreateDirectory(Path.Join(_dir, "plain")).FullName;
        File.WriteAllText(Path.Join(plain, "ovs-vsctl"), "not a program");
        File.SetUnixFileMode(Path.Join(plain, "ovs-vsctl"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var dirs = Directory.CreateDirectory(Path.Join(_dir, "dirs", "ovs-vsctl")).Parent!.FullName;

        Assert.False(OvsVsctl.IsInstalled(Path.Join(_dir, "missing")));
        Assert.False(OvsVsctl.IsInstalled(plain));
        Assert.False(OvsVsctl.IsInstalled(dirs));
    }
}
