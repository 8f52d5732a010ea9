using Conlink.Config;
using Conlink.Config.Planning;

namespace Conlink.E2E.Harness;

/// <summary>
/// What conlink should build for an example, worked out by Conlink.Config from the same files
/// and environment conlink gets: the expected names, addresses, MACs and MTUs of each replica.
/// The stable MACs depend only on the configuration, so they equal what <c>--show-config</c> prints.
/// </summary>
public sealed class ExamplePlan
{
    private readonly Conlink.Config.Model.NetworkConfig config;

    private ExamplePlan(Conlink.Config.Model.NetworkConfig config) => this.config = config;

    /// <param name="environment">conlink's environment, for interpolation.</param>
    /// <param name="defaultMtu">conlink's <c>--default-mtu</c>, when the example sets one.</param>
    public static ExamplePlan Load(IReadOnlyList<string> composeFiles, IReadOnlyList<string>? networkFiles = null,
        IReadOnlyDictionary<string, string>? environment = null, int? defaultMtu = null)
    {
        var options = new ConfigLoadOptions
        {
            Environment = name => environment is not null && environment.TryGetValue(name, out var value) ? value : null,
            DefaultMtu = defaultMtu ?? ConfigLoadOptions.MaxMtu,
        };
        return new ExamplePlan(ConfigLoader.Load(new ConfigSources(composeFiles, networkFiles ?? []), options));
    }

    /// <summary>The links of replica <paramref name="index"/> of a service of a compose project.</summary>
    public IReadOnlyList<LinkPlan> LinksOf(string service, int index = 1) =>
        Planner.Plan(new ContainerIdentity { Id = $"{service}-{index}", Name = $"{service}-{index}", Service = service, Index = index },
            config, PlanningContext.Default).Links;

    /// <summary>The links of a container named by <c>container:</c> links.</summary>
    public IReadOnlyList<LinkPlan> LinksOfContainer(string name) =>
        Planner.Plan(new ContainerIdentity { Id = name, Name = name }, config, PlanningContext.Default).Links;

    /// <summary>
    /// Asserts that every planned link is in <paramref name="interfaces"/> (a container's, read
    /// from the kernel) with its name, MAC, MTU and address, and up.
    /// </summary>
    public static void AssertBuilt(IReadOnlyList<LinkPlan> links, IReadOnlyList<ContainerInterface> interfaces)
    {
        Assert.NotEmpty(links);
        foreach (var link in links)
        {
            var built = interfaces.SingleOrDefault(i => i.Name == link.Dev);
            Assert.True(built is not null,
                $"{link.Id}: no interface {link.Dev}; the container has {string.Join(", ", interfaces.Select(i => i.Name))}");
            Assert.True(built.IsUp, $"{link.Id}: {link.Dev} is down");
            if (link.Mac is { } mac) Assert.Equal(mac, built.Mac);
            if (link.Mtu is { } mtu) Assert.Equal(mtu, built.Mtu);
            foreach (var ip in link.Ips) Assert.Contains(ip, ip.IsIpv6 ? built.Ipv6Addresses : built.Ipv4Addresses);
        }
    }

    /// <summary>
    /// Asserts that the outer end of every planned veth link is a port of its (linux) bridge in
    /// <paramref name="bridgeNamespace"/>, the interfaces of the namespace conlink keeps its bridges in.
    /// </summary>
    public static void AssertOnBridges(IEnumerable<LinkPlan> links, IReadOnlyList<ContainerInterface> bridgeNamespace)
    {
        foreach (var link in links.Where(l => l.Bridge is not null))
        {
            Assert.Contains(bridgeNamespace, i => i.Name == link.Bridge!.Name && i.Kind == "bridge");
            var port = bridgeNamespace.SingleOrDefault(i => i.Name == link.OuterDev);
            Assert.True(port is not null, $"{link.Id}: no outer end {link.OuterDev} in conlink's namespace");
            Assert.Equal(link.Bridge!.Name, port.Master);
        }
    }
}
