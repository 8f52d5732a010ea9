using Conlink.Netlink.Namespaces;
using Conlink.Testing;

namespace Conlink.Kernel.Tests;

/// <summary>
/// A throwaway named network namespace that a test wires up with iproute2: a stand-in for the
/// host (parents of macvlan links) or for a client outside conlink. Deleted on dispose.
/// </summary>
public sealed class ScratchNetns : IDisposable
{
    public ScratchNetns(string prefix)
    {
        Name = prefix + "-" + Guid.NewGuid().ToString("N")[..8];
        NetNs.OpenOrCreateNamed(Name).Dispose();
    }

    public string Name { get; }

    /// <summary>A new handle on the namespace, for code that takes ownership of one.</summary>
    public NetNs Open() => NetNs.OpenNamed(Name);

    /// <summary>Runs <c>ip -n NAME ARGS</c>; throws when it fails.</summary>
    public void Ip(params string[] args) => Check(KernelProbe.Run("ip", ["-n", Name, .. args]), "ip", args);

    /// <summary>Runs a program inside the namespace (<c>ip netns exec</c>).</summary>
    public (int ExitCode, string Output) Exec(params string[] argv) => KernelProbe.InNamed(Name, argv);

    public void Dispose() => NetNs.DeleteNamed(Name);

    internal static void Check((int ExitCode, string Output) result, string program, IReadOnlyList<string> args)
    {
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited {result.ExitCode}: {result.Output}");
    }
}
