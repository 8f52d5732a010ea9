namespace Conlink.Config.Tests.Loading;

public sealed class ConfigFileLoadingTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("conlink-config-tests-");

    public void Dispose() => _directory.Delete(recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Compose_and_network_files_load_from_disk_in_yaml_and_json()
    {
        var compose = Write("compose.yml", "services:\n  a:\n    x-network:\n      links: [{bridge: s1}]\n");
        var network = Write("net.json", """{"links": [{"service": "b", "bridge": "s1", "mtu": 1500}]}""");

        var config = ConfigLoader.Load(new ConfigSources([compose], [network]), new ConfigLoadOptions());

        Assert.Equal(["a", "b"], config.Services.Keys);
        Assert.Equal(1500, config.Services["b"].Links[0].Mtu);
    }

    [Fact]
    public void Every_missing_file_is_reported_at_once()
    {
        var missingA = Path.Combine(_directory.FullName, "a.yaml");
        var missingB = Path.Combine(_directory.FullName, "b.yaml");

        var errors = Assert.Throws<ConfigException>(() => ConfigLoader.Load(new ConfigSources([missingA], [missingB]), new ConfigLoadOptions())).Errors;

        Assert.Equal([$"{missingA}: cannot read file: file not found", $"{missingB}: cannot read file: file not found"], errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Edn_files_are_rejected_with_a_hint()
    {
        var edn = Write("net.edn", "{:links []}");

        var error = Assert.Single(Assert.Throws<ConfigException>(() => ConfigLoader.Load(new ConfigSources([], [edn]), new ConfigLoadOptions())).Errors);

        Assert.Equal($"{edn}: EDN files are not supported; write the configuration as YAML or JSON", error.ToString());
    }
}
