using System.Globalization;
using Conlink.Config.Planning;

namespace Conlink.Config.Planning;

/// <summary>Reads a container's compose identity from the labels compose v1 and v2 set.</summary>
public static class ComposeLabels
{
    public const string Project = "com.docker.compose.project";
    public const string WorkingDir = "com.docker.compose.project.working_dir";
    public const string Service = "com.docker.compose.service";
    public const string ContainerNumber = "com.docker.compose.container-number";

    public static ContainerIdentity ToIdentity(string id, string name, int pid, IReadOnlyDictionary<string, string>? labels)
    {
        labels ??= new Dictionary<string, string>();
        return new ContainerIdentity
        {
            Id = id,
            Name = name.TrimStart('/'),
            Pid = pid,
            Service = labels.GetValueOrDefault(Service),
            Project = labels.GetValueOrDefault(Project),
            ProjectWorkingDir = labels.GetValueOrDefault(WorkingDir),
            Index = int.TryParse(labels.GetValueOrDefault(ContainerNumber), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                && index > 0 ? index : 1,
            Labels = labels,
        };
    }
}
