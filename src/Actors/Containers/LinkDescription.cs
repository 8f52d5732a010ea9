using Conlink.Config.Model;
using System.Text;
using Conlink.Config.Planning;

namespace Conlink.Actors.Containers;

/// <summary>A one-line human description of a link plan for log lines.</summary>
public static class LinkDescription
{
    public static string Of(LinkPlan link)
    {
        var text = new StringBuilder(link.Type.ToString().ToLowerInvariant());
        foreach (var ip in link.Ips) text.Append(' ').Append(ip);
        if (link.Mac is { } mac) text.Append(" mac ").Append(MacAddresses.Format(mac));
        if (link.Mtu is { } mtu) text.Append(" mtu ").Append(mtu);
        if (link.Bridge is { } bridge) text.Append(" on ").Append(bridge.Name).Append(" via ").Append(link.OuterDev);
        else if (link.OuterDev is { } parent) text.Append(" parent ").Append(parent);
        return text.ToString();
    }
}
