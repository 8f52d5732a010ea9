using System.Buffers.Binary;
using System.Net.Sockets;

namespace Conlink.Host.Control.Access;

/// <summary>The process at the other end of a Unix socket, as the kernel saw it connect (SO_PEERCRED).</summary>
public sealed record PeerCredentials(int Pid, uint Uid, uint Gid)
{
    private const int SolSocket = 1;
    private const int SoPeerCred = 17;

    /// <summary>The peer of a connected Unix socket; null when the kernel does not say.</summary>
    public static PeerCredentials? Of(Socket socket)
    {
        Span<byte> ucred = stackalloc byte[12];
        try
        {
            if (socket.GetRawSocketOption(SolSocket, SoPeerCred, ucred) != 12) return null;
        }
        catch (SocketException)
        {
            return null;
        }
        return new PeerCredentials(BinaryPrimitives.ReadInt32LittleEndian(ucred), BinaryPrimitives.ReadUInt32LittleEndian(ucred[4..]),
            BinaryPrimitives.ReadUInt32LittleEndian(ucred[8..]));
    }

    /// <summary>
    /// Whether the peer is in group <paramref name="gid"/>: its primary group, or one of the
    /// supplementary groups that /proc/PID/status lists (read once, bounded).
    /// </summary>
    public bool IsInGroup(uint gid)
    {
        if (Gid == gid) return true;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{Pid}/status").Take(64))
            {
                if (!line.StartsWith("Groups:", StringComparison.Ordinal)) continue;
                return line[7..].Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries)
                    .Any(g => uint.TryParse(g, System.Globalization.CultureInfo.InvariantCulture, out var member) && member == gid);
            }
        }
        catch (IOException)
        {
        }
        return false;
    }
}
