using System.Security.Cryptography;
using System.Text;
using Conlink.Config.Model;

namespace Conlink.Config.Planning;

/// <summary>
/// Names the conlink-side end of a veth link, deterministically from container names (so a
/// restarted container gets the same name) and within the kernel's 15 characters.
/// </summary>
/// <remarks>
/// The default is <c>SERVICE_INDEX-DEV</c> for service links and <c>CONTAINER-DEV</c> for
/// container links. A user-set outer-dev is kept for a container link and for replica 1 of a
/// service; other replicas get <c>_INDEX</c> appended, so replicas never collide. A name over 15
/// characters becomes its first 7 characters, '-', and 7 base-32 characters of a SHA-256 of the
/// full name: readable, stable, and in practice unique (35 bits of hash per prefix).
/// </remarks>
public static class OuterDevName
{
    public const int MaxLength = 15;
    private const int PrefixLength = 7;
    private const int HashLength = MaxLength - PrefixLength - 1;
    private const string Base32 = "abcdefghijklmnopqrstuvwxyz234567";

    public static string For(LinkSpec link, int index)
    {
        var name = (link.OuterDev, link.Service) switch
        {
            ({ } outer, not null) => index == 1 ? outer : $"{outer}_{index}",
            ({ } outer, null) => outer,
            (null, { } service) => $"{service}_{index}-{link.Dev}",
            (null, null) => $"{link.Container}-{link.Dev}",
        };
        return Fit(name);
    }

    /// <summary><paramref name="name"/> if it fits in 15 characters, else a short stable stand-in.</summary>
    public static string Fit(string name)
    {
        if (name.Length <= MaxLength) return name;
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        var suffix = new StringBuilder(HashLength);
        ulong bits = BitConverter.ToUInt64(hash, 0);
        for (var i = 0; i < HashLength; i++, bits >>= 5) suffix.Append(Base32[(int)(bits & 31)]);
        return $"{name[..PrefixLength]}-{suffix}";
    }
}
