using Conlink.Config.Model;
using Conlink.Config.Planning;
using Conlink.Config.Tests.Support;
using CsCheck;

namespace Conlink.Config.Tests.Planning;

public class OffsetProperties
{
    [Fact]
    public void Replicas_of_one_service_never_share_an_ip_or_a_mac()
    {
        var cases = Gen.Select(Gen.Int[16, 30], Gen.UInt, Gen.Int[1, 40], Gen.Bool, (prefix, bits, replicas, userMac) => (prefix, bits, replicas, userMac));
        cases.Sample(c =>
        {
            var hostBits = 32 - c.prefix;
            var address = (10u << 24) | (c.bits & ((1u << 24) - 1) & ~((1u << hostBits) - 1)) | 1u;
            var ip = new CidrAddress(CidrAddress.FromUInt32(address), c.prefix);
            var mac = c.userMac ? ", mac: 02:00:00:00:ff:f0" : "";
            var config = TestConfig.Network($"links: [{{service: node, bridge: s1, ip: {ip}{mac}}}]");

            var plans = new List<LinkPlan>();
            for (var index = 1; index <= c.replicas; index++)
            {
                try
                {
                    var container = new ContainerIdentity { Id = $"{index}", Name = $"node-{index}", Service = "node", Index = index };
                    plans.Add(Assert.Single(Planner.Plan(container, config, PlanningContext.Default).Links));
                }
                catch (PlanningException)
                {
                    Assert.True(index - 1 >= (1L << hostBits) - 1, $"replica {index} of {ip} failed although it fits");
                }
            }
            Assert.Equal(plans.Count, plans.Select(p => p.Ips.Single().ToString()).Distinct().Count());
            Assert.Equal(plans.Count, plans.Select(p => MacAddresses.Format(p.Mac!)).Distinct().Count());
        }, iter: 300);
    }
}
