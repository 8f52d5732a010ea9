using System.Net.NetworkInformation;
using System.Security.Cryptography;
using System.Text;
using Conlink.Config.Model;

namespace Conlink.Config.Enrichment;

/// <summary>
/// The MAC given to a link that sets none: derived from the link's identity and its IP, so the same
/// configuration yields the same MAC on every run and restart, while the same service on two hosts
/// (one compose file, a different IP per host, bridges joined by a tunnel) gets different MACs on
/// the shared segment. The form is
/// <c>c2:xx:xx:xx:xx:xx</c> (locally administered, unicast) with the second octet below 0x80,
/// so that adding a replica offset can never carry into the first octet.
/// </summary>
internal static class StableMac
{
    public static PhysicalAddress For(LinkSpec link)
    {
        var identity = (link.Service is not null ? $"service:{link.Service}:{link.Dev}" : $"container:{link.Container}:{link.Dev}")
            + (link.Ips.Count > 0 ? ":" + string.Join(',', link.Ips) : "");
        // Hashed from the stack: this runs for every link that sets no MAC.
        var length = Encoding.UTF8.GetMaxByteCount(identity.Length);
        var bytes = length <= 1024 ? stackalloc byte[length] : new byte[length];
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes[..Encoding.UTF8.GetBytes(identity, bytes)], hash);
        return new PhysicalAddress([0xc2, (byte)(hash[0] & 0x7f), hash[1], hash[2], hash[3], hash[4]]);
    }
}
