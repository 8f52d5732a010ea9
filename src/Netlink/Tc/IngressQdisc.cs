using Conlink.Netlink.Encoding;

namespace Conlink.Netlink.Tc;

/// <summary>The ingress qdisc (<c>ffff:</c>), where ingress filters such as patch-mode mirred attach.</summary>
public sealed record IngressQdisc : QdiscSpec
{
    public IngressQdisc()
    {
        Parent = TcHandle.IngressParent;
        Handle = TcHandle.Ingress;
    }

    public override string Kind => "ingress";

    internal override void WriteOptions(MessageWriter writer) { }
}
