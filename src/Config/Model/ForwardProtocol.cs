namespace Conlink.Config.Model;

public enum ForwardProtocol
{
    Tcp,
    Udp,
}
