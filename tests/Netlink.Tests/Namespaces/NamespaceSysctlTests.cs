using Conlink.Netlink.Namespaces;
using Conlink.Netlink.Tests.Support;

namespace Conlink.Netlink.Tests.Namespaces;

/// <summary>A namespace's network sysctls, read and written in that namespace only, read back with <c>ip netns exec NAME sysctl</c>.</summary>
public sealed class NamespaceSysctlTests
{
    private const string Key = "net.ipv6.conf.all.forwarding";

    [SkippableFact]
    public void A_sysctl_written_in_one_namespace_is_set_there_and_nowhere_else()
    {
        using var first = ScratchNamespace.Create();
        using var second = ScratchNamespace.Create();

        NamespaceSysctl.Write(first.Ns, Key, "1");

        Assert.Equal("1", NamespaceSysctl.Read(first.Ns, Key));
        Assert.Equal("0", NamespaceSysctl.Read(second.Ns, Key));
        Assert.Equal("1", Tool.Run("ip", "netns", "exec", first.Name, "sysctl", "-n", Key).Trim());
        Assert.Equal("0", Tool.Run("ip", "netns", "exec", second.Name, "sysctl", "-n", Key).Trim());
    }

    [SkippableFact]
    public void A_missing_sysctl_fails_naming_it_and_the_namespace()
    {
        using var scratch = ScratchNamespace.Create();

        var e = Assert.Throws<Conlink.Netlink.Errors.SysctlException>(() => NamespaceSysctl.Read(scratch.Ns, "net.ipv6.conf.nosuchdev.forwarding"));

        Assert.StartsWith($"cannot read net.ipv6.conf.nosuchdev.forwarding in namespace {scratch.Name}: ", e.Message, StringComparison.Ordinal);
        Assert.False(e.ReadOnly);
    }

    [Theory]
    [InlineData("kernel.hostname")]
    [InlineData("net.ipv6.conf.all.forwarding/../../x")]
    [InlineData("net..forwarding")]
    [InlineData("net.ipv6")]
    public void Only_plain_keys_of_the_net_tree_are_accepted(string key)
    {
        using var current = NetNs.Current();

        Assert.Throws<ArgumentException>(() => NamespaceSysctl.Read(current, key));
    }

    [Fact]
    public void A_value_with_a_newline_is_refused()
    {
        using var current = NetNs.Current();

        Assert.Throws<ArgumentException>(() => NamespaceSysctl.Write(current, Key, "1\n0"));
    }
}
