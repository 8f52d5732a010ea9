namespace Conlink.Config.Tests.Support;

/// <summary>Asserts the exact errors a network file produces, each located by the text it must point at.</summary>
internal static class ErrorAssert
{
    /// <summary>
    /// Loading <paramref name="yaml"/> as net.yaml fails with exactly <paramref name="expected"/>:
    /// (text the error points at, path, message), in order.
    /// </summary>
    public static void Network(string yaml, params (string At, string Path, string Message)[] expected) =>
        Network(yaml, TestConfig.Options, expected);

    public static void Network(string yaml, ConfigLoadOptions options, params (string At, string Path, string Message)[] expected)
    {
        var wanted = expected.Select(e =>
            $"{TestConfig.NetworkFile}:{TestConfig.At(yaml, e.At)}: {(e.Path.Length > 0 ? e.Path + ": " : "")}{e.Message}");
        Assert.Equal(wanted, TestConfig.NetworkErrors(yaml, options));
    }
}
