using System.Net.NetworkInformation;
using Conlink.Config.Model;
using Conlink.Config.Planning;

namespace Conlink.Testing;

/// <summary>
/// Hand-made plans for engine tests (with fakes or on the kernel): every container gets one veth per requested dev on bridge
/// s1, with an IP and MAC offset by its replica index, as the real planner would.
/// </summary>
public static class TestPlans
{
    public static readonly BridgeSpec S1 = new("s1", BridgeMode.Linux);

    public static Func<ContainerIdentity, ContainerPlan> VethPerContainer(params string[] devs) =>
        VethPerContainer(devs, []);

    public static Func<ContainerIdentity, ContainerPlan> VethPerContainer(string[] devs, IReadOnlyList<CommandSpec> commands) => c =>
        c.Name.StartsWith("unmatched", StringComparison.Ordinal)
            ? new ContainerPlan(c, [], [])
            : new ContainerPlan(c, (devs.Length == 0 ? ["eth0"] : devs).Select((dev, i) => Veth(c, dev, i)).ToList(), commands);

    public static LinkPlan Veth(ContainerIdentity c, string dev, int linkIndex = 0) => new()
    {
        Id = $"{c.Name}:{dev}",
        Type = LinkType.Veth,
        Base = LinkBase.Conlink,
        Dev = dev,
        OuterDev = $"{c.Name}-{dev}",
        Bridge = S1,
        Ips = [CidrAddress.Parse($"10.0.{linkIndex}.{c.Index}/24")],
        Mac = new PhysicalAddress([0xc2, 0, 0, 0, (byte)linkIndex, (byte)c.Index]),
        Mtu = 65535,
    };
}
