using Conlink.Netlink.Encoding.Structs;
using Conlink.Netlink.Errors;
using Conlink.Netlink.Links;
using Conlink.Netlink.Native;

namespace Conlink.Netlink;

public sealed partial class NetlinkHandle
{
    /// <summary>ETHTOOL_GTXCSUM and ETHTOOL_STXCSUM (linux/ethtool.h).</summary>
    private const uint GetTxChecksum = 0x16, SetTxChecksum = 0x17;

    /// <summary>
    /// Switches the link's transmit checksum offload, as <c>ethtool --offload DEV tx on|off</c> does
    /// (every tx-checksum-* feature; features that need it, such as TSO, follow), in-process with
    /// the legacy ETHTOOL_STXCSUM ioctl instead of a process per link.
    /// </summary>
    public void LinkSetTxChecksumming(LinkRef link, bool enabled) => Ethtool(link, SetTxChecksum, enabled ? 1u : 0u);

    /// <summary>Whether the link checksums in hardware (ETHTOOL_GTXCSUM), as <c>ethtool -k</c> shows under tx-checksumming.</summary>
    public bool LinkGetTxChecksumming(LinkRef link) => Ethtool(link, GetTxChecksum, 0) != 0;

    private unsafe uint Ethtool(LinkRef link, uint command, uint data)
    {
        var name = link.Name ?? LinkGet(link).Name;
        var value = new EthtoolValue { Command = command, Data = data };
        var request = new IfReq { Data = &value };
        var length = System.Text.Encoding.ASCII.GetBytes(name, new Span<byte>(request.Name, IfReq.NameSize - 1));
        request.Name[length] = 0;
        if (_connection.Ioctl(Ioctl.SiocEthtool, &request) != 0)
            throw new NetlinkException(System.Runtime.InteropServices.Marshal.GetLastPInvokeError(),
                new OperationContext(command == SetTxChecksum ? Operation.EthtoolSet : Operation.EthtoolGet, link), Namespace, null);
        return value.Data;
    }
}
