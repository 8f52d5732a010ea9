namespace Conlink.Netlink.Errors;

/// <summary>
/// A netlink (or namespace) operation failed. The message says what failed, where, and what to do;
/// the properties let callers react to specific cases.
/// </summary>
public sealed class NetlinkException : Exception
{
    internal NetlinkException(int errno, OperationContext context, string @namespace, string? kernelMessage)
        : base(ErrorMessages.Describe(errno, context, @namespace, kernelMessage))
    {
        Errno = errno;
        Operation = context.Operation;
        Interface = context.Link.IsEmpty ? null : context.Link.ToString();
        Namespace = @namespace;
        KernelMessage = kernelMessage;
        MissingFeature = ErrorMessages.MissingFeature(errno, context, kernelMessage);
    }

    /// <summary>The positive errno value the kernel (or the C library) reported.</summary>
    public int Errno { get; }

    /// <summary>The symbolic errno, such as <c>EEXIST</c>.</summary>
    public string ErrnoName => Native.Errno.Name(Errno);

    public Operation Operation { get; }

    /// <summary>The interface the operation was about, if any.</summary>
    public string? Interface { get; }

    /// <summary>Display name of the namespace: a name such as <c>conlink</c>, <c>pid 1234</c> or <c>current</c>.</summary>
    public string Namespace { get; }

    /// <summary>The kernel's own explanation (extended ACK), when it gave one.</summary>
    public string? KernelMessage { get; }

    /// <summary>The link type, qdisc or filter kind this kernel lacks, when that is the cause.</summary>
    public string? MissingFeature { get; }

    public bool AlreadyExists => Errno == Native.Errno.EEXIST;

    public bool NotFound => Errno is Native.Errno.ENODEV or Native.Errno.ENOENT or Native.Errno.ESRCH;
}
