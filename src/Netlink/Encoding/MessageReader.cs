using System.Runtime.InteropServices;
using Conlink.Netlink.Encoding.Structs;

namespace Conlink.Netlink.Encoding;

/// <summary>Walks the netlink messages in one received datagram.</summary>
internal ref struct MessageReader(ReadOnlySpan<byte> datagram)
{
    private ReadOnlySpan<byte> _remaining = datagram;

    public bool Next(out NlMsgHdr header, out ReadOnlySpan<byte> payload)
    {
        header = default;
        payload = default;
        if (_remaining.Length < NlMsgHdr.Size) return false;
        header = MemoryMarshal.Read<NlMsgHdr>(_remaining);
        if (header.Length < NlMsgHdr.Size || header.Length > _remaining.Length) return false;
        payload = _remaining[NlMsgHdr.Size..(int)header.Length];
        _remaining = _remaining[Math.Min(MessageWriter.Align((int)header.Length), _remaining.Length)..];
        return true;
    }
}
