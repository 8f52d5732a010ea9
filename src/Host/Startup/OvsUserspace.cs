using Conlink.Kernel.Tools;

namespace Conlink.Host.Startup;

/// <summary>Whether the Open vSwitch userspace conlink drives ovs bridges with (ovs-vsctl) is installed here.</summary>
public static class OvsUserspace
{
    public static bool IsInstalled() => OvsVsctl.IsInstalled();
}
