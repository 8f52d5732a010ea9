using System.Reflection;
using Akka.Configuration;
using HoconConfig = Akka.Configuration.Config;

namespace Conlink.Host;

/// <summary>Loads the engine's HOCON: the shipped <c>hocon/conlink.hocon</c>, overridden by a user file.</summary>
public static class EngineHocon
{
    private const string ResourceName = "Conlink.Host.conlink.hocon";

    public static HoconConfig Default()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }

    /// <summary>The defaults, with <paramref name="overrideFile"/> (if any) taking precedence.</summary>
    public static HoconConfig Load(string? overrideFile)
    {
        var defaults = Default();
        if (overrideFile is null) return defaults;
        if (!File.Exists(overrideFile)) throw new FileNotFoundException($"akka config file not found: {overrideFile}", overrideFile);
        return ConfigurationFactory.ParseString(File.ReadAllText(overrideFile)).WithFallback(defaults);
    }
}
