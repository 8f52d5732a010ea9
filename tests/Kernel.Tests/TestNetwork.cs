using Conlink.Config;
using Conlink.Config.Model;
using Conlink.Config.Planning;

namespace Conlink.Kernel.Tests;

/// <summary>
/// A network file written by a test and carried through the real config pipeline (read, validate,
/// enrich) and the real planner, so a kernel test covers everything from YAML to the kernel.
/// </summary>
public sealed record TestNetwork(NetworkConfig Config, PlanningContext Context)
{
    public static TestNetwork FromYaml(string yaml, ConfigLoadOptions? options = null, PlanningContext? context = null)
    {
        var file = Path.Combine(Path.GetTempPath(), $"conlink-network-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, yaml);
        try
        {
            return new TestNetwork(ConfigLoader.Load(new ConfigSources([], [file]), options ?? new ConfigLoadOptions()),
                context ?? PlanningContext.Default);
        }
        finally
        {
            File.Delete(file);
        }
    }

    public ContainerPlan Plan(ContainerIdentity container) => Planner.Plan(container, Config, Context);
}
