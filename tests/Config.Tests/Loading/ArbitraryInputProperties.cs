using Conlink.Config.Loading;
using Conlink.Config.Tests.Support;
using CsCheck;

namespace Conlink.Config.Tests.Loading;

/// <summary>Whatever the input, loading either succeeds or fails with a ConfigException.</summary>
public class ArbitraryInputProperties
{
    private static readonly string[] Keys =
    [
        "links", "bridges", "tunnels", "commands", "services", "x-network", "service", "container", "type", "bridge",
        "dev", "outer-dev", "ip", "mac", "mtu", "nat", "mode", "vlanid", "route", "forward", "netem", "ethtool",
        "remote", "vni", "command", "<<",
    ];

    private static readonly string[] Scalars =
    [
        "a", "s1", "veth", "dummy", "vlan", "macvlan", "ipvlan", "linux", "patch", "auto", "vxlan", "10.0.0.1/24",
        "10.0.0.300/24", "10.0.0.1", "02:00:00:00:00:01", "ff:ff:ff:ff:ff:ff", "80:80/tcp", "65535:1/udp", "0", "-1",
        "1500", "99999999999999999999", "1.5", "true", "~", "''", "\"$X\"", "${X:-1}", "${X:?}", "${", "$$", "*a", "&a x",
        "!!str 5", "|\n  block", "'\\n'", "\"\\t\"", "é", "[]", "{}",
    ];

    private static readonly Gen<string> Scalar = Gen.OneOf(Scalars);

    private static readonly Gen<string> Key = Gen.OneOf(Keys);

    // Flow-style YAML built from configuration keys and edge-case values, nested a few levels.
    private static readonly Gen<string> Value = Gen.Recursive<string>((depth, value) => depth > 3
        ? Scalar
        : Gen.Frequency<string>(
            (4, Scalar),
            (2, value.Array[0, 4].Select(items => $"[{string.Join(", ", items)}]")),
            (3, Gen.Select(Key, value).Array[0, 5].Select(entries => $"{{{string.Join(", ", entries.Select(e => $"{e.Item1}: {e.Item2}"))}}}"))));

    private static readonly Gen<string> Noise = Gen.String[Gen.Char["{}[]:,-&*!|>'\"#%@` \n\tab$01"], 0, 60];

    private static void LoadsOrReportsConfigErrors(ConfigDocumentKind kind, string text)
    {
        try
        {
            ConfigLoader.Load([new ConfigDocument("fuzz.yaml", kind, text)], TestConfig.Options);
        }
        catch (ConfigException e)
        {
            Assert.NotEmpty(e.Errors);
        }
    }

    [Fact]
    public void Structured_yaml_never_throws_anything_but_a_config_error()
    {
        Gen.Select(Gen.Bool, Value).Sample((compose, text) =>
            LoadsOrReportsConfigErrors(compose ? ConfigDocumentKind.Compose : ConfigDocumentKind.Network, text), iter: 3000);
    }

    [Fact]
    public void Yaml_noise_never_throws_anything_but_a_config_error()
    {
        Gen.Select(Gen.Bool, Noise).Sample((compose, text) =>
            LoadsOrReportsConfigErrors(compose ? ConfigDocumentKind.Compose : ConfigDocumentKind.Network, text), iter: 3000);
    }

    [Fact]
    public void Network_configs_with_random_links_never_throw_anything_but_a_config_error()
    {
        var link = Gen.Select(Key, Scalar).Array[1, 6].Select(entries => $"{{{string.Join(", ", entries.Select(e => $"{e.Item1}: {e.Item2}"))}}}");
        link.Array[1, 4].Sample(links => LoadsOrReportsConfigErrors(ConfigDocumentKind.Network, $"links: [{string.Join(", ", links)}]"), iter: 3000);
    }
}
