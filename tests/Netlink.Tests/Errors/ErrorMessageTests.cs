using Conlink.Netlink.Errors;
using Conlink.Netlink.Namespaces;
using Conlink.Netlink.Native;
using Conlink.Tests.Shared;

namespace Conlink.Netlink.Tests.Errors;

/// <summary>A refused namespace says which namespace and why, in one clean sentence.</summary>
public sealed class ErrorMessageTests
{
    [Fact]
    public void A_namespace_that_cannot_be_opened_is_named_with_the_reason()
    {
        var message = ErrorMessages.Describe(Errno.EACCES, new OperationContext(Operation.NamespaceOpen), "pid 1", null);

        Assert.Equal("cannot open network namespace pid 1: permission denied (EACCES); it belongs to a process conlink may not enter", message);
    }

    [Theory]
    [InlineData(Errno.EPERM)]
    [InlineData(Errno.EACCES)]
    [InlineData(Errno.EINVAL)]
    [InlineData(Errno.ENOSPC)]
    public void A_refusal_of_an_operation_without_a_subject_reads_without_a_gap(int errno)
    {
        var message = ErrorMessages.Describe(errno, new OperationContext(Operation.NamespaceCreate), "cltest", null);

        Assert.DoesNotContain("  ", message, StringComparison.Ordinal);
        Assert.DoesNotContain("needs root", message, StringComparison.Ordinal);
        Assert.StartsWith("namespace create ", message, StringComparison.Ordinal);
        Assert.Contains("in namespace cltest", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Opening_pid_1s_namespace_where_that_is_refused_says_so()
    {
        var e = Assert.Throws<NetlinkException>(() => WithoutCapabilities.Run(() => NetNs.OfProcess(1).Dispose()));

        Assert.Equal("cannot open network namespace pid 1: permission denied (EACCES); it belongs to a process conlink may not enter", e.Message);
    }
}
