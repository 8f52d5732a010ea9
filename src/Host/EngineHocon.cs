using System.Reflection;
using Akka.Configuration;
using Conlink.Host.Files;
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

    /// <summary>The largest <c>--akka-config</c> file read: far beyond any real one.</summary>
    public const int MaxUserFileBytes = 1024 * 1024;

    /// <summary>The user's <c>--akka-config</c> file, read once (bounded, never through a symbolic link) for the engine and the cluster member alike.</summary>
    /// <exception cref="IOException">It is missing, a link, not a regular file or too large; the message names it.</exception>
    public static HoconConfig ReadUserFile(string path) =>
        ConfigurationFactory.ParseString(NoFollowFile.ReadText(path, MaxUserFileBytes, "the akka config file", out _));
}
