namespace Conlink.Host.Status;

/// <summary>Where a running conlink serves its status by default, and so where <c>conlink status</c> looks.</summary>
public static class StatusSocket
{
    /// <summary>Where every status socket of conlink's own choosing is.</summary>
    public const string DirectoryPath = "/run/conlink";

    /// <summary>conlink in a container (its bridges in its own namespace).</summary>
    public const string DefaultPath = DirectoryPath + "/status.sock";

    /// <summary>The default namespace of conlink on a host (<c>--netns</c>).</summary>
    public const string DefaultHostNamespace = "conlink";

    /// <summary>The socket of a conlink whose bridges live in <paramref name="netns"/> (null: its own namespace).</summary>
    public static string PathFor(string? netns) => netns is null ? DefaultPath : $"{DirectoryPath}/{netns}.sock";

    /// <summary>The socket of conlink on a host with the default namespace.</summary>
    public static string HostDefaultPath => PathFor(DefaultHostNamespace);
}
