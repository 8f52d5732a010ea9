namespace Conlink.Host.Tests;

/// <summary><c>--akka-config FILE</c>: its settings override the shipped ones; a symbolic link or an oversized file is refused, naming it.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class EngineHoconTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("conlink-rev-host-hocon-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_user_akka_config_overrides_the_shipped_settings()
    {
        var file = Path.Combine(_dir, "akka.conf");
        File.WriteAllText(file, "conlink.progress-interval = 7s\n");

        var hocon = EngineHocon.ReadUserFile(file).WithFallback(EngineHocon.Default());

        Assert.Equal(TimeSpan.FromSeconds(7), hocon.GetTimeSpan("conlink.progress-interval"));
        Assert.Equal(EngineHocon.Default().GetTimeSpan("conlink.attach-timeout"), hocon.GetTimeSpan("conlink.attach-timeout"));
    }

    [Fact]
    public void A_symlinked_or_oversized_akka_config_is_refused()
    {
        var target = Path.Combine(_dir, "target.conf");
        File.WriteAllText(target, "conlink.progress-interval = 7s\n");
        var link = Path.Combine(_dir, "akka.conf");
        File.CreateSymbolicLink(link, target);
        var large = Path.Combine(_dir, "large.conf");
        File.WriteAllText(large, new string('#', EngineHocon.MaxUserFileBytes + 1));

        Assert.Contains($"{link}: the akka config file is a symbolic link", Assert.Throws<IOException>(() => EngineHocon.ReadUserFile(link)).Message, StringComparison.Ordinal);
        Assert.Contains("is larger than", Assert.Throws<IOException>(() => EngineHocon.ReadUserFile(large)).Message, StringComparison.Ordinal);
    }
}
