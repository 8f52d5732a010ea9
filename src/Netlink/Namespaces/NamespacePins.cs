namespace Conlink.Netlink.Namespaces;

/// <summary>
/// Holds references on up to two namespace fds for the length of one request, so that an fd number
/// written into the request cannot be closed and reused for another file before the kernel reads it.
/// </summary>
internal struct NamespacePins : IDisposable
{
    private NetNs? _first;
    private NetNs? _second;

    public void Pin(NetNs? ns)
    {
        if (ns is null) return;
        var added = false;
        ns.Handle.DangerousAddRef(ref added);
        if (_first is null) _first = ns;
        else if (_second is null) _second = ns;
        else
        {
            ns.Handle.DangerousRelease();
            throw new InvalidOperationException("a request refers to at most two namespaces");
        }
    }

    public void Dispose()
    {
        _first?.Handle.DangerousRelease();
        _second?.Handle.DangerousRelease();
        _first = _second = null;
    }
}
