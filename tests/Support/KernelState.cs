using System.Diagnostics;
using Conlink.Config.Planning;

namespace Conlink.Testing;

/// <summary>
/// The state of the bridge namespace and of every running container's namespace, read back from
/// the kernel (see <see cref="NamespaceState"/>), to compare with <see cref="PlannedState"/>.
/// </summary>
public sealed class KernelState(IReadOnlyDictionary<string, NamespaceState> namespaces)
{
    public const string BridgeNamespaceLabel = "bridge namespace";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>The namespaces by label: <see cref="BridgeNamespaceLabel"/> and container names.</summary>
    public IReadOnlyDictionary<string, NamespaceState> Namespaces { get; } = namespaces;

    public static KernelState Read(string bridgeNamespace, IEnumerable<ContainerIdentity> containers)
    {
        var namespaces = new Dictionary<string, NamespaceState> { [BridgeNamespaceLabel] = NamespaceState.OfNamed(bridgeNamespace) };
        foreach (var container in containers) namespaces[container.Name] = NamespaceState.OfProcess(container.Pid);
        return new KernelState(namespaces);
    }

    /// <summary>Every difference from <paramref name="expected"/>, by namespace; null when there is none.</summary>
    public string? DifferenceFrom(KernelState expected)
    {
        var differences = expected.Namespaces.Keys.Union(Namespaces.Keys).Order(StringComparer.Ordinal)
            .Select(label => (label, difference: Namespaces.TryGetValue(label, out var actual)
                ? expected.Namespaces.TryGetValue(label, out var planned) ? actual.DifferenceFrom(planned) : "  not planned at all"
                : "  not read"))
            .Where(d => d.difference is not null)
            .Select(d => $"{d.label}:\n{d.difference}")
            .ToList();
        return differences.Count == 0 ? null : string.Join('\n', differences);
    }

    /// <summary>
    /// Reads the kernel until its state equals <paramref name="expected"/> (the engine converges
    /// asynchronously); throws with every remaining difference when it does not within the timeout.
    /// </summary>
    public static async Task<KernelState> ConvergedAsync(Func<KernelState> read, KernelState expected, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var actual = read();
            var difference = actual.DifferenceFrom(expected);
            if (difference is null) return actual;
            if (waited.Elapsed >= timeout)
                throw new KernelStateMismatchException($"the kernel differs from the plan after {timeout.TotalSeconds:0.#} s:\n{difference}");
            await Task.Delay(PollInterval).ConfigureAwait(false);
        }
    }
}

public sealed class KernelStateMismatchException(string message) : Exception(message);
