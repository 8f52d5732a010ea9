using System.Buffers.Binary;
using System.Globalization;

namespace Conlink.Netlink.Tests.Golden;

/// <summary>
/// Reads a capture made by <c>capture.sh</c>: the strace command line, then strace's output, in which
/// each sendmsg is followed by a hex dump (<c> | 00000  38 00 ...  ascii |</c>) of the bytes sent.
/// </summary>
internal sealed record GoldenCapture(string Command, IReadOnlyList<byte[]> Requests)
{
    private const int HexStart = 10;
    private const int HexEnd = 58;

    public static GoldenCapture Load(string name)
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Golden", name + ".strace"));
        var requests = new List<byte[]>();
        List<byte>? current = null;
        foreach (var line in lines.Skip(1))
        {
            if (line.StartsWith(" * ", StringComparison.Ordinal))
            {
                current = [];
                requests.Add([]);
            }
            else if (line.StartsWith(" | ", StringComparison.Ordinal) && current is not null)
            {
                foreach (var hex in line[HexStart..Math.Min(HexEnd, line.Length)].Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    current.Add(byte.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                requests[^1] = [.. current];
            }
        }
        return new GoldenCapture(lines[0].TrimStart('#', ' '), requests);
    }

    /// <summary>The request of this netlink message type (iproute2 sometimes looks an interface up first).</summary>
    public byte[] Request(ushort messageType) =>
        Requests.Single(r => BinaryPrimitives.ReadUInt16LittleEndian(r.AsSpan(4)) == messageType);

    /// <summary>Hex of a request with its sequence number and port id zeroed, for comparison.</summary>
    public static string Normalize(byte[] request)
    {
        var copy = request.ToArray();
        copy.AsSpan(8, 8).Clear();
        return Convert.ToHexString(copy);
    }
}
