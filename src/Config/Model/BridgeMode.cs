namespace Conlink.Config.Model;

public enum BridgeMode
{
    Auto,
    Ovs,
    Linux,
    Patch,
}
