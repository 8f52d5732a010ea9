using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using Conlink.Netlink.Addresses;

namespace Conlink.Benchmarks.Netlink;

/// <summary>
/// What the benchmark builds, the way conlink does per link: in namespace i, an <c>eth0</c> with its
/// MAC, MTU, address and a default route, whose veth peer <c>v{i}</c> sits on bridge <c>br0</c> of
/// a hub namespace.
/// </summary>
internal sealed record ConvergenceTopology(int Links)
{
    public const string Prefix = "cbench-";
    public const string Hub = Prefix + "hub";
    public const string Bridge = "br0";
    public const string Inner = "eth0";
    public const int Mtu = 9000;
    public static readonly IPAddress Gateway = IPAddress.Parse("10.100.0.1");

    public static string Namespace(int i) => Prefix + i.ToString(CultureInfo.InvariantCulture);

    public static string Outer(int i) => "v" + i.ToString(CultureInfo.InvariantCulture);

    public static PhysicalAddress Mac(int i) => new([0x02, 0xcb, 0, 0, (byte)(i >> 8), (byte)i]);

    public static string MacText(int i) => string.Join(':', Mac(i).GetAddressBytes().Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));

    /// <summary>10.100.0.0/16, from 10.100.0.2 on (the gateway is .1).</summary>
    public static InterfaceAddress Address(int i) =>
        new(new IPAddress([10, 100, (byte)((i + 2) >> 8), (byte)(i + 2)]), 16);

    public IEnumerable<int> Indices => Enumerable.Range(0, Links);
}
