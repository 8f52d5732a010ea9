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
                var container = new ContainerIdentity { Id = $"{index}", Name = $"node-{index}", Service = "node", Index = index };
                var plan = Assert.Single(Planner.Plan(container, config, PlanningContext.Default).Links);
                // Host part 1 + offset reaches the broadcast address at 2^hostBits - 2, and leaves the subnet after it.
                if (plan.Problem is null) plans.Add(plan);
                else Assert.True(index - 1 >= (1L << hostBits) - 2, $"replica {index} of {ip} failed although it fits: {plan.Problem}");
            }
            Assert.Equal(plans.Count, plans.Select(p => p.Ips.Single().ToString()).Distinct().Count());
            Assert.Equal(plans.Count, plans.Select(p => MacAddresses.Format(p.Mac!)).Distinct().Count());
        }, iter: 300);
    }
}
