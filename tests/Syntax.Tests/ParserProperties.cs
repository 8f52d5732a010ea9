using System.Net;
using Conlink.Syntax;
using Conlink.Syntax.Netem;
using Conlink.Syntax.Routes;
using Conlink.Syntax.Units;
using CsCheck;

namespace Conlink.Syntax.Tests;

/// <summary>
/// Round trips (whatever the parsers read, written back and read again, is the same) and garbage
/// rejection (a foreign token anywhere is refused, and the error names it).
/// </summary>
public sealed class ParserProperties
{
    private static readonly Gen<IPAddress> Ipv4 = Gen.UInt.Select(v => new IPAddress(BitConverter.GetBytes(v)));
    private static readonly Gen<IPAddress> Ipv6 = Gen.Byte.Array[16].Select(b => new IPAddress(b));
    private static readonly Gen<string> Name = Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789-_."].Array[1, 15]
        .Select(c => new string(c)).Where(InterfaceName.IsValid);

    /// <summary>Never a keyword nor a valid value anywhere ('/' is in no keyword, name, time, rate or number).</summary>
    private static readonly Gen<string> Garbage = Gen.Select(Gen.Char['a', 'z'].Array[1, 6], Gen.Char['a', 'z'].Array[1, 6],
        (a, b) => $"x{new string(a)}/{new string(b)}");

    private static Gen<IPNetwork> Network(Gen<IPAddress> address, int bits) =>
        Gen.Select(address, Gen.Int[0, bits], (a, prefix) => new IPNetwork(RouteParser.NetworkAddress(a, prefix), prefix));

    private static Gen<RouteSpec> Route(Gen<IPAddress> address, int bits) =>
        Gen.Select(
            Network(address, bits).Nullable(),
            address.Null(),
            Name.Null(),
            Gen.UInt.Nullable(),
            address.Null(),
            Gen.UInt.Nullable(),
            Gen.Bool,
            (destination, gateway, device, metric, source, table, onlink) => new RouteSpec
            {
                Destination = destination,
                Gateway = gateway,
                Device = device is null ? null : device,
                Metric = metric,
                Source = source,
                Table = table,
                OnLink = onlink,
            });

    private static readonly Gen<RouteSpec> Routes = Gen.OneOf(Route(Ipv4, 32), Route(Ipv6, 128))
        .Where(r => r.Destination is not null || r.Gateway is null || r.Gateway.AddressFamily == r.Family);

    private const int Iterations = 2000;

    /// <summary>Any value, or a round one (a multiple of a power of ten), where formatting picks bigger units.</summary>
    private static Gen<ulong> Amount(ulong max) =>
        Gen.OneOf(Gen.ULong[0, max], Gen.Select(Gen.ULong[0, 1000], Gen.Int[1, 12], (n, zeros) => Math.Min(n * (ulong)Math.Pow(10, zeros), max)));

    private static readonly Gen<Percentage> Percent = Gen.OneOf(Gen.UInt, Gen.Int[0, 100].Select(p => Percentage.FromPercent(p).Scaled))
        .Select(v => new Percentage(v));
    private static readonly Gen<TimeSpan> Microseconds = Amount(100_000_000).Select(us => TimeSpan.FromMicroseconds(us));
    private static readonly Gen<TimeSpan> SlotTime = Amount(10_000_000_000).Select(ticks => TimeSpan.FromTicks((long)ticks));
    private static readonly Gen<ulong> RateBytes = Amount(1UL << 50);

    private static readonly Gen<NetemSpec> Delays =
        Gen.Select(Microseconds, Microseconds.Nullable(), Percent.Nullable(), Gen.Enum<NetemDistribution>().Nullable(),
            (delay, jitter, correlation, distribution) => new NetemSpec
            {
                Delay = delay,
                Jitter = jitter ?? (correlation is null ? null : TimeSpan.Zero),
                DelayCorrelation = correlation,
                Distribution = distribution,
            })
        .Where(n => n.Distribution is null or NetemDistribution.Uniform || (n.Delay > TimeSpan.Zero && n.Jitter > TimeSpan.Zero));

    private static readonly Gen<NetemSpec> Netems =
        Gen.Select(Delays.Null(), Gen.UInt, Percent.Nullable(), Percent.Nullable(), Gen.Bool, Percent.Nullable(), Percent.Nullable(),
            (delays, limit, loss, lossCorrelation, ecn, duplicate, duplicateCorrelation) => (delays ?? new NetemSpec()) with
            {
                Limit = limit,
                Loss = loss ?? (lossCorrelation is null ? null : Percentage.Zero),
                LossCorrelation = lossCorrelation,
                Ecn = ecn && loss is { Scaled: > 0 },
                Duplicate = duplicate ?? (duplicateCorrelation is null ? null : Percentage.Zero),
                DuplicateCorrelation = duplicateCorrelation,
            })
        .SelectMany(n => Gen.Select(Percent.Nullable(), Percent.Nullable(), Percent.Nullable(), Percent.Nullable(), Gen.UInt[1, 1000].Nullable(),
            (corrupt, corruptCorrelation, reorder, reorderCorrelation, gap) => n with
            {
                Corrupt = corrupt ?? (corruptCorrelation is null ? null : Percentage.Zero),
                CorruptCorrelation = corruptCorrelation,
                Reorder = n.Delay > TimeSpan.Zero ? reorder ?? (reorderCorrelation is null ? null : Percentage.Zero) : null,
                ReorderCorrelation = n.Delay > TimeSpan.Zero ? reorderCorrelation : null,
                Gap = n.Delay > TimeSpan.Zero && reorder is { Scaled: > 0 } ? gap : null,
            }))
        .SelectMany(n => Gen.Select(RateBytes.Nullable(), Gen.Int[0, 3], Gen.Int[-100, 100], Gen.UInt[0, 1000], Gen.Int[-100, 100],
            (rate, positional, overhead, cellSize, cellOverhead) => rate is null ? n : n with
            {
                Rate = new DataRate(rate.Value),
                PacketOverhead = positional >= 1 ? overhead : null,
                CellSize = positional >= 2 ? cellSize : null,
                CellOverhead = positional >= 3 ? cellOverhead : null,
            }))
        .SelectMany(n => Gen.Select(SlotTime.Nullable(), SlotTime, Gen.Bool, Gen.Int.Nullable(), Gen.Int.Nullable(),
            (min, extra, withMax, packets, bytes) => min is null ? n : n with
            {
                SlotMinDelay = min,
                SlotMaxDelay = withMax ? min + extra : null,
                SlotPackets = packets,
                SlotBytes = bytes,
            }));

    [Fact]
    public void Routes_read_back_what_they_write() =>
        Routes.Sample(route => Assert.Equal(route, RouteParser.Parse(route.ToString())), iter: Iterations);

    [Fact]
    public void Netem_options_read_back_what_they_write() =>
        Netems.Sample(netem => Assert.Equal(netem, NetemParser.Parse(netem.ToString())), iter: Iterations);

    [Fact]
    public void Rates_read_back_what_they_write() =>
        RateBytes.Sample(bytes => Assert.Equal(new DataRate(bytes), DataRate.Parse(new DataRate(bytes).ToString())), iter: Iterations);

    [Fact]
    public void Percentages_read_back_what_they_write() =>
        Percent.Sample(percent =>
        {
            Assert.True(Percentage.TryParse(percent.ToString(), out var back));
            Assert.Equal(percent, back);
        }, iter: Iterations);

    [Fact]
    public void Routes_refuse_a_foreign_token_anywhere_and_name_it() =>
        Gen.Select(Routes, Garbage, Gen.Int[0, 100]).Sample((route, garbage, at) =>
        {
            var text = Insert(route.ToString(), garbage, at);
            Assert.Equal(garbage, Assert.Throws<SyntaxException>(() => RouteParser.Parse(text)).Token);
        }, iter: Iterations);

    [Fact]
    public void Netem_options_refuse_a_foreign_token_anywhere_and_name_it() =>
        Gen.Select(Netems, Garbage, Gen.Int[0, 100]).Sample((netem, garbage, at) =>
        {
            var text = Insert(netem.ToString(), garbage, at);
            Assert.Equal(garbage, Assert.Throws<SyntaxException>(() => NetemParser.Parse(text)).Token);
        }, iter: Iterations);

    [Fact]
    public void Rates_refuse_garbage() =>
        Gen.Select(RateBytes, Garbage).Sample((bytes, garbage) =>
            Assert.False(DataRate.TryParse(new DataRate(bytes) + garbage, out _)), iter: Iterations);

    private static string Insert(string text, string token, int at)
    {
        var tokens = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        tokens.Insert(at % (tokens.Count + 1), token);
        return string.Join(' ', tokens);
    }
}
