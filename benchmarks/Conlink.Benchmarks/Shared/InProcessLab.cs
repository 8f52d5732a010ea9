using System.Diagnostics;
using Akka.Configuration;
using Conlink.Config;
using Conlink.Config.Model;
using Conlink.Config.Planning;
using Conlink.Host;
using Conlink.Netlink.Namespaces;
using Conlink.Testing;

namespace Conlink.Benchmarks.Shared;

/// <summary>
/// What the in-process engine benchmarks stand on: a work folder, a named bridge namespace of the
/// benchmark's own, namespace-process containers (<see cref="ProcessRuntime"/>), and the engine started
/// through <see cref="EngineHost"/> in this process, so its CPU and memory are the benchmark's.
/// Disposing removes the containers, the namespace and the folder. The namespace is named
/// <c>clbench-NAME</c>, after <c>CONLINK_BENCH_PREFIX</c> when set (for runs side by side on one machine).
/// </summary>
internal sealed class InProcessLab : IDisposable
{
    private InProcessLab(string name)
    {
        Work = Directory.CreateTempSubdirectory($"conlink-bench-{name}-").FullName;
        BridgeNamespace = Environment.GetEnvironmentVariable("CONLINK_BENCH_PREFIX") + "clbench-" + name;
        NetNs.DeleteNamed(BridgeNamespace);
        Runtime = new ProcessRuntime(Path.Combine(Work, "registry"));
    }

    public string Work { get; }
    public string BridgeNamespace { get; }
    public ProcessRuntime Runtime { get; }

    /// <summary>The lab, or null (said on stderr) when not root: namespaces need it.</summary>
    public static InProcessLab? Open(string name)
    {
        if (Environment.IsPrivilegedProcess) return new InProcessLab(name);
        Console.Error.WriteLine($"the {name} benchmark needs root: it creates network namespaces");
        return null;
    }

    /// <summary>Writes <paramref name="yaml"/> as a compose file (or, with <paramref name="networkFile"/>, a network file) and loads it.</summary>
    public NetworkConfig Load(string fileName, string yaml, bool networkFile = false, bool keepVethOffload = false)
    {
        var file = Path.Combine(Work, fileName);
        File.WriteAllText(file, yaml);
        return ConfigLoader.Load(networkFile ? new ConfigSources([], [file]) : new ConfigSources([file], []),
            new ConfigLoadOptions { DefaultBridgeMode = BridgeMode.Linux, KeepVethOffload = keepVethOffload });
    }

    /// <summary>Starts <paramref name="count"/> containers of service <c>node</c> of project <c>bench</c>, numbered from 1 (not yet announced).</summary>
    public List<ContainerIdentity> Launch(int count, string namePrefix = "bench-node") =>
        Enumerable.Range(1, count).Select(i => Runtime.Launch($"{namePrefix}-{i}", "node", i, "bench")).ToList();

    /// <summary>The options of an engine on this lab's runtime and namespace, logging warnings only.</summary>
    public EngineHostOptions Options(NetworkConfig config, string extraHocon = "") => new()
    {
        Config = config,
        Runtimes = [Runtime],
        BridgeNamespace = BridgeNamespace,
        Hocon = ConfigurationFactory.ParseString("akka.loglevel = WARNING\n" + extraHocon).WithFallback(EngineHocon.Default()),
    };

    public EngineHost Start(EngineHostOptions options)
    {
        NetNs.OpenOrCreateNamed(BridgeNamespace).Dispose();
        return EngineHost.StartAsync(options).GetAwaiter().GetResult();
    }

    public static void WaitUntil(Func<bool> condition, TimeSpan timeout, string what = "the engine did not converge in time")
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > timeout) throw new TimeoutException(what);
            Thread.Sleep(1);
        }
    }

    /// <summary>Waits until the engine reports exactly <paramref name="links"/> links, all ready.</summary>
    public static void WaitForLinks(EngineHost engine, int links, TimeSpan timeout) =>
        WaitUntil(() => engine.StatusAsync(TimeSpan.FromSeconds(5)).Result is { AllReady: true } s && s.Links.Count == links, timeout);

    /// <summary>Checks, independently of the engine, that every container's eth0 has the address <paramref name="expected"/> gives it.</summary>
    public static void VerifyAddresses(IEnumerable<ContainerIdentity> nodes, Func<ContainerIdentity, string> expected, string when = "")
    {
        foreach (var node in nodes)
        {
            var (_, output) = KernelProbe.InNamespaceOf(node.Pid, "ip", "-4", "-o", "addr", "show", "dev", "eth0");
            var address = expected(node);
            if (!output.Contains(address, StringComparison.Ordinal))
                throw new InvalidOperationException($"benchmark result is wrong: {node.Name} lacks {address}{when}: {output}");
        }
    }

    public void Dispose()
    {
        Runtime.Dispose();
        NetNs.DeleteNamed(BridgeNamespace);
        Directory.Delete(Work, recursive: true);
    }
}
