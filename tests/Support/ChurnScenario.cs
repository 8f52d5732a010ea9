namespace Conlink.Testing;

/// <summary>
/// Random container churn, replayable from its seed: ten container slots in three scalable
/// services (web 1-4, app 1-3, db 1-3), each container with links on two linux bridges, an
/// address per link and a route. The operations are drawn from a seeded <see cref="Random"/>
/// against the state they lead to, so the same seed always gives the same valid sequence.
/// </summary>
public sealed class ChurnScenario
{
    /// <summary>The environment variable that replays a run: the seed it printed.</summary>
    public const string SeedVariable = "CONLINK_CHURN_SEED";

    public static readonly IReadOnlyDictionary<string, int> Replicas = new Dictionary<string, int> { ["web"] = 4, ["app"] = 3, ["db"] = 3 };

    /// <summary>The config: every service on s1 (with a route) and s2, addresses offset by replica.</summary>
    public const string Compose = """
        services:
          web:
            image: none
            x-network:
              links:
                - {bridge: s1, ip: 10.10.0.1/24, route: "10.99.0.0/16 via 10.10.0.254"}
                - {bridge: s2, dev: eth1, ip: 10.20.0.1/24}
          app:
            image: none
            x-network:
              links:
                - {bridge: s1, ip: 10.10.0.11/24, route: "10.99.0.0/16 via 10.10.0.254"}
                - {bridge: s2, dev: eth1, ip: 10.20.0.11/24, mtu: 9000}
          db:
            image: none
            x-network:
              links:
                - {bridge: s2, ip: 10.20.0.21/24}
        """;

    public ChurnScenario(int seed) => Seed = seed;

    public int Seed { get; }

    /// <summary>The seed from <see cref="SeedVariable"/>, or a new random one.</summary>
    public static int SeedFromEnvironment() =>
        int.TryParse(Environment.GetEnvironmentVariable(SeedVariable), out var seed) ? seed : Random.Shared.Next();

    public static string ContainerName(string service, int replica) => $"{service}_{replica}";

    /// <summary>The first <paramref name="count"/> operations of this seed, starting from nothing running.</summary>
    public IReadOnlyList<ChurnOperation> Operations(int count)
    {
        var random = new Random(Seed);
        var running = Replicas.Keys.ToDictionary(s => s, _ => new SortedSet<int>());
        var operations = new List<ChurnOperation>(count);
        while (operations.Count < count)
        {
            var service = Replicas.Keys.ElementAt(random.Next(Replicas.Count));
            var up = running[service];
            var stopped = Enumerable.Range(1, Replicas[service]).Where(i => !up.Contains(i)).ToList();
            var kind = (ChurnOperationKind)random.Next(4);
            ChurnOperation? operation = kind switch
            {
                ChurnOperationKind.Start when stopped.Count > 0 => new(kind, service, stopped[random.Next(stopped.Count)]),
                ChurnOperationKind.Stop or ChurnOperationKind.Restart when up.Count > 0 => new(kind, service, up.ElementAt(random.Next(up.Count))),
                ChurnOperationKind.Scale => new(kind, service, random.Next(Replicas[service] + 1)),
                _ => null,
            };
            if (operation is null) continue;
            operations.Add(operation);
            Simulate(operation, up);
        }
        return operations;
    }

    /// <summary>Carries one operation out on the runtime's namespace-process containers.</summary>
    public static void Apply(ChurnOperation operation, ProcessRuntime runtime)
    {
        var name = ContainerName(operation.Service, operation.Number);
        switch (operation.Kind)
        {
            case ChurnOperationKind.Start:
                runtime.Start(name, operation.Service, operation.Number);
                break;
            case ChurnOperationKind.Stop:
                runtime.Stop(name);
                break;
            case ChurnOperationKind.Restart:
                runtime.Restart(name);
                break;
            case ChurnOperationKind.Scale:
                var up = runtime.ListRunningAsync(CancellationToken.None).GetAwaiter().GetResult()
                    .Where(c => c.Service == operation.Service).Select(c => c.Index).ToHashSet();
                foreach (var replica in up.Where(i => i > operation.Number).OrderDescending())
                    runtime.Stop(ContainerName(operation.Service, replica));
                foreach (var replica in Enumerable.Range(1, operation.Number).Where(i => !up.Contains(i)))
                    runtime.Start(ContainerName(operation.Service, replica), operation.Service, replica);
                break;
        }
    }

    private static void Simulate(ChurnOperation operation, SortedSet<int> up)
    {
        switch (operation.Kind)
        {
            case ChurnOperationKind.Start:
                up.Add(operation.Number);
                break;
            case ChurnOperationKind.Stop:
                up.Remove(operation.Number);
                break;
            case ChurnOperationKind.Scale:
                up.RemoveWhere(i => i > operation.Number);
                for (var i = 1; i <= operation.Number; i++) up.Add(i);
                break;
        }
    }
}
