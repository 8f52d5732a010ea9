using System.Runtime.InteropServices;
using Conlink.Netlink.Encoding;
using Conlink.Netlink.Encoding.Attributes;
using Conlink.Netlink.Encoding.Structs;
using Conlink.Syntax.Units;

namespace Conlink.Netlink.Tc;

/// <summary>Encodes tbf as tc does, rate table included (Ethernet link layer, default cell size).</summary>
internal static class TbfEncoding
{
    private const int RateTableEntries = 256;
    private const uint DefaultMtu = 2047;
    public static void Write(MessageWriter writer, TbfQdisc tbf) => Write(writer, tbf, PschedClock.Current);

    /// <param name="clock">The scheduler clock the times are given in (the kernel's, from <see cref="PschedClock.File"/>).</param>
    public static void Write(MessageWriter writer, TbfQdisc tbf, PschedClock clock)
    {
        if (tbf.Rate.BytesPerSecond == 0) throw new ArgumentException("a tbf rate must be above 0", nameof(tbf));
        if (tbf.Burst == 0) throw new ArgumentException("a tbf burst must be above 0", nameof(tbf));
        if (tbf.Limit is null && tbf.Latency is null) throw new ArgumentException("a tbf needs a limit or a latency", nameof(tbf));

        var bytesPerSecond = tbf.Rate.BytesPerSecond;
        var rate = bytesPerSecond >= 1UL << 32 ? uint.MaxValue : (uint)bytesPerSecond;
        var cellLog = CellLog(DefaultMtu);
        Span<uint> table = stackalloc uint[RateTableEntries];
        for (var i = 0; i < RateTableEntries; i++) table[i] = clock.TransmitTicks(rate, (uint)(i + 1) << cellLog);

        var parameters = new TcTbfQopt
        {
            Rate = new TcRateSpec { Rate = rate, CellLog = (byte)cellLog, CellAlign = -1, LinkLayer = TcRateSpec.LinkLayerEthernet },
            Limit = tbf.Limit ?? (uint)(bytesPerSecond * (double)TcTime.Microseconds(tbf.Latency!.Value) / 1e6 + tbf.Burst),
            Buffer = clock.TransmitTicks(rate, tbf.Burst),
        };

        var options = writer.BeginNested(TcAttribute.Options);
        writer.WriteStruct(TbfAttribute.Parameters, parameters);
        writer.WriteU32(TbfAttribute.Burst, tbf.Burst);
        if (bytesPerSecond >= 1UL << 32) writer.WriteU64(TbfAttribute.Rate64, bytesPerSecond);
        writer.WriteAttribute(TbfAttribute.RateTable, MemoryMarshal.AsBytes(table));
        writer.EndNested(options);
    }

    /// <summary>The smallest cell size (as a power of two) that spreads the MTU over 256 table entries.</summary>
    private static int CellLog(uint mtu)
    {
        var cellLog = 0;
        while ((mtu >> cellLog) > 255) cellLog++;
        return cellLog;
    }
}
