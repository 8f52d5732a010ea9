namespace Conlink.Config.Model;

public enum TunnelType
{
    Vxlan,
    Geneve,
}
