using Conlink.E2E.Harness;

namespace Conlink.E2E.HarnessTests;

public sealed class HostStateTests
{
    [Theory]
    [InlineData("e2e-4f2a1c", true)]
    [InlineData("conlink", true)]
    [InlineData("cltest-bc8ffc9b", false)]
    [InlineData("clbr-94f3be90", false)]
    public void Only_namespaces_an_end_to_end_test_or_conlink_could_make_are_counted(string name, bool counted)
    {
        Assert.Equal(counted, HostState.IsEndToEndNamespace(name));
    }

    [Fact]
    public void What_was_added_is_listed_and_what_was_there_before_is_not()
    {
        var before = new HostState(new HashSet<string> { "lo", "eth0" }, new HashSet<string>(), new HashSet<string> { "nat chain PREROUTING" });
        var after = new HostState(new HashSet<string> { "lo", "eth0", "br-1234" }, new HashSet<string> { "e2e-4f2a1c" },
            new HashSet<string> { "nat chain PREROUTING", "nat -A PREROUTING -j DNAT" });

        Assert.Equal(["host interface br-1234", "network namespace e2e-4f2a1c", "iptables nat -A PREROUTING -j DNAT"], after.AddedSince(before));
    }
}
