using Conlink.Config.Loading;

namespace Conlink.Config.Tests.Loading;

public class ComposeReplicasTests
{
    private static Dictionary<string, int> Of(string yaml, Func<string, string?>? environment = null) =>
        (YamlReader.Read("compose.yaml", yaml, new List<ConfigError>()) is MappingNode root
            ? ComposeReplicas.FromRoot(root, environment ?? (_ => null))
            : []).ToDictionary(p => p.Service, p => p.Count);

    [Fact]
    public void Scale_and_deploy_replicas_give_the_count_and_services_without_either_are_absent()
    {
        var replicas = Of("""
            services:
              a: {image: x, scale: 3}
              b: {image: x, deploy: {replicas: 2}}
              c: {image: x}
            """);

        Assert.Equal(new Dictionary<string, int> { ["a"] = 3, ["b"] = 2 }, replicas);
    }

    [Fact]
    public void Scale_wins_over_deploy_replicas()
    {
        Assert.Equal(4, Of("services: {a: {scale: 4, deploy: {replicas: 2}}}")["a"]);
    }

    [Fact]
    public void Counts_are_interpolated_from_the_environment_with_defaults()
    {
        var replicas = Of("services: {a: {scale: '${A_COUNT}'}, b: {scale: '${B_COUNT:-5}'}}",
            name => name == "A_COUNT" ? "7" : null);

        Assert.Equal(7, replicas["a"]);
        Assert.Equal(5, replicas["b"]);
    }

    [Fact]
    public void Values_that_are_not_counts_and_documents_that_are_not_compose_files_are_ignored()
    {
        Assert.Empty(Of("services: {a: {scale: many}, b: {scale: -1}, c: {deploy: 3}}"));
        Assert.Empty(Of("services: [a, b]"));
        Assert.Empty(Of("[not, a, mapping"));
    }

    [Fact]
    public void The_loaded_configuration_has_the_counts_with_a_later_compose_file_overriding_an_earlier_one()
    {
        var directory = Directory.CreateTempSubdirectory("conlink-replicas-").FullName;
        try
        {
            var first = Path.Combine(directory, "a.yaml");
            var second = Path.Combine(directory, "b.yaml");
            File.WriteAllText(first, "services: {node: {scale: 2}, web: {scale: 3}}");
            File.WriteAllText(second, "services: {node: {scale: 5, x-network: {links: [{bridge: s1, ip: 10.0.0.1/24}]}}}");

            var config = ConfigLoader.Load(new ConfigSources([first, second], []), new ConfigLoadOptions());

            Assert.Equal(new Dictionary<string, int> { ["node"] = 5, ["web"] = 3 }, config.Replicas);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
