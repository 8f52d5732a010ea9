namespace Conlink.Config.Model;

/// <summary>
/// What bridge mode <c>auto</c> resolves to on this machine: <see cref="BridgeMode.Ovs"/> only when
/// both the openvswitch kernel module is loaded and <c>ovs-vsctl</c> (through which conlink drives
/// OVS bridges) is installed; otherwise <see cref="BridgeMode.Linux"/>, with the reason in
/// <see cref="LinuxBecause"/>. The module alone is not enough: conlink's image ships no OVS
/// userspace, so on a host that loads openvswitch for its own use, an ovs bridge could never be made.
/// </summary>
public sealed record AutoBridgeChoice(BridgeMode Mode, string? LinuxBecause)
{
    public static AutoBridgeChoice Decide(bool openvswitchModuleLoaded, bool ovsVsctlInstalled) =>
        (openvswitchModuleLoaded, ovsVsctlInstalled) switch
        {
            (true, true) => new(BridgeMode.Ovs, null),
            (false, _) => new(BridgeMode.Linux, "the openvswitch kernel module is not loaded"),
            (true, false) => new(BridgeMode.Linux, "the openvswitch kernel module is loaded, but ovs-vsctl is not installed where conlink runs"),
        };
}
