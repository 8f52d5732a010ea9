using Conlink.Config.Model;

namespace Conlink.Config.Tests.Enrichment;

public class AutoBridgeChoiceTests
{
    [Fact]
    public void Auto_is_ovs_when_the_module_is_loaded_and_ovs_vsctl_is_installed()
    {
        Assert.Equal(new AutoBridgeChoice(BridgeMode.Ovs, null), AutoBridgeChoice.Decide(openvswitchModuleLoaded: true, ovsVsctlInstalled: true));
    }

    [Fact]
    public void Auto_falls_back_to_linux_when_ovs_vsctl_is_missing_even_with_the_module_loaded()
    {
        var choice = AutoBridgeChoice.Decide(openvswitchModuleLoaded: true, ovsVsctlInstalled: false);

        Assert.Equal(BridgeMode.Linux, choice.Mode);
        Assert.Equal("the openvswitch kernel module is loaded, but ovs-vsctl is not installed where conlink runs", choice.LinuxBecause);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Auto_falls_back_to_linux_when_the_module_is_not_loaded_whether_or_not_ovs_vsctl_is_there(bool installed)
    {
        Assert.Equal(new AutoBridgeChoice(BridgeMode.Linux, "the openvswitch kernel module is not loaded"),
            AutoBridgeChoice.Decide(openvswitchModuleLoaded: false, ovsVsctlInstalled: installed));
    }
}
