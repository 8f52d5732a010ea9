using System.Globalization;

namespace Conlink.Testing;

/// <summary>
/// How long tests wait for the engine or the kernel: the limit given, times the factor in
/// CONLINK_TEST_PATIENCE (default 1). scripts/lib/vm-tests.sh raises it in the VM, whose emulated CPU
/// starts a .NET process in half a minute. Only the limits of waits are scaled, never what a test measures.
/// </summary>
public static class Patience
{
    public static double Factor { get; } =
        double.TryParse(Environment.GetEnvironmentVariable("CONLINK_TEST_PATIENCE"), NumberStyles.Float, CultureInfo.InvariantCulture, out var factor)
        && factor >= 1 ? factor : 1;

    public static TimeSpan Seconds(double seconds) => TimeSpan.FromSeconds(seconds * Factor);
}
