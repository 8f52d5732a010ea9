namespace Conlink.Netlink.Tests.Support;

/// <summary>ICMP echoes from inside a scratch namespace, with iputils' ping (to addresses the test made).</summary>
public static class Pings
{
    /// <summary>Sends <paramref name="count"/> echo requests 10 ms apart and throws unless every one was answered.</summary>
    public static void Send(ScratchNamespace from, string address, int count)
    {
        var (exit, output, error) = Tool.TryRun("ip", "netns", "exec", from.Name,
            "ping", "-n", "-q", "-c", count.ToString(System.Globalization.CultureInfo.InvariantCulture), "-i", "0.01", "-W", "2", address);
        if (exit != 0 || !output.Contains($"{count} packets transmitted, {count} received", StringComparison.Ordinal))
            throw new InvalidOperationException($"ping -c {count} {address} from {from.Name} failed ({exit}): {output} {error}");
    }
}
