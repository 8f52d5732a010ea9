using System.Runtime.InteropServices;
using Conlink.Netlink.Encoding;
using Conlink.Netlink.Encoding.Attributes;
using Conlink.Netlink.Encoding.Structs;
using Conlink.Syntax.Netem;
using Conlink.Syntax.Units;

namespace Conlink.Netlink.Tc;

/// <summary>
/// Encodes netem options exactly as tc (iproute2 6.1) does: <c>tc_netem_qopt</c> with times in
/// scheduler ticks, then the optional attributes in tc's order, all inside TCA_OPTIONS.
/// </summary>
internal static class NetemEncoding
{
    public static void Write(MessageWriter writer, NetemSpec netem) => Write(writer, netem, PschedClock.Current);

    /// <param name="clock">The scheduler clock the times are given in (the kernel's, from <see cref="PschedClock.File"/>).</param>
    public static void Write(MessageWriter writer, NetemSpec netem, PschedClock clock)
    {
        var options = writer.BeginNested(TcAttribute.Options);
        writer.WriteFixed(new TcNetemQopt
        {
            Latency = netem.Delay is { } delay ? clock.Ticks(delay, "delay") : 0,
            Jitter = netem.Jitter is { } jitter ? clock.Ticks(jitter, "jitter") : 0,
            Limit = netem.Limit,
            Loss = Scaled(netem.Loss),
            Gap = netem.Reorder is { Scaled: > 0 } && netem.Gap is null or 0 ? 1 : netem.Gap ?? 0,
            Duplicate = Scaled(netem.Duplicate),
        });
        if (netem.DelayCorrelation is not null || netem.LossCorrelation is not null || netem.DuplicateCorrelation is not null
            || netem.ReorderCorrelation is not null || netem.CorruptCorrelation is not null)
        {
            writer.WriteStruct(NetemAttribute.Correlation, new TcNetemCorr
            {
                DelayCorrelation = Scaled(netem.DelayCorrelation),
                LossCorrelation = Scaled(netem.LossCorrelation),
                DuplicateCorrelation = Scaled(netem.DuplicateCorrelation),
            });
        }
        if (netem.Reorder is not null)
            writer.WriteStruct(NetemAttribute.Reorder, new TcNetemProbability { Probability = Scaled(netem.Reorder), Correlation = Scaled(netem.ReorderCorrelation) });
        if (netem.Ecn) writer.WriteU32(NetemAttribute.Ecn, 1);
        if (netem.Corrupt is not null)
            writer.WriteStruct(NetemAttribute.Corrupt, new TcNetemProbability { Probability = Scaled(netem.Corrupt), Correlation = Scaled(netem.CorruptCorrelation) });
        if (netem.SlotMinDelay is { } slotMin)
        {
            writer.WriteStruct(NetemAttribute.Slot, new TcNetemSlot
            {
                MinDelay = TcTime.Nanoseconds(slotMin),
                MaxDelay = TcTime.Nanoseconds(netem.SlotMaxDelay ?? slotMin),
                MaxPackets = netem.SlotPackets ?? 0,
                MaxBytes = netem.SlotBytes ?? 0,
            });
        }
        if (netem.Rate is { } rate)
        {
            var wide = rate.BytesPerSecond >= 1UL << 32;
            if (wide) writer.WriteU64(NetemAttribute.Rate64, rate.BytesPerSecond);
            writer.WriteStruct(NetemAttribute.Rate, new TcNetemRate
            {
                Rate = wide ? uint.MaxValue : (uint)rate.BytesPerSecond,
                PacketOverhead = netem.PacketOverhead ?? 0,
                CellSize = netem.CellSize ?? 0,
                CellOverhead = netem.CellOverhead ?? 0,
            });
        }
        if (netem.Distribution is { } distribution and not NetemDistribution.Uniform)
            writer.WriteAttribute(NetemAttribute.DelayDistribution, MemoryMarshal.AsBytes(DistributionTables.Get(distribution).AsSpan()));
        writer.EndNested(options);
    }

    private static uint Scaled(Percentage? percentage) => percentage?.Scaled ?? 0;
}
