using System.Text.RegularExpressions;

namespace Conlink.Host.Runtimes;

/// <summary>Finds the id of the container conlink itself runs in, if any.</summary>
public static partial class SelfContainer
{
    /// <summary>
    /// The container id from <c>/proc/self/mountinfo</c>: the last mount of a container's
    /// <c>/etc/hosts</c> (this also holds for docker-in-docker and podman). Null when not in a container.
    /// </summary>
    public static string? FindId(string mountinfo)
    {
        string? id = null;
        foreach (Match match in HostsMount().Matches(mountinfo)) id = match.Groups[1].Value;
        return id;
    }

    public static string? FindId() =>
        File.Exists("/proc/self/mountinfo") ? FindId(File.ReadAllText("/proc/self/mountinfo")) : null;

    [GeneratedRegex(@"containers/([0-9a-f]{64})/[^\n]*/etc/hosts", RegexOptions.Multiline)]
    private static partial Regex HostsMount();
}
