namespace Conlink.Testing;

public enum ChurnOperationKind
{
    Start,
    Stop,
    Restart,
    /// <summary>Run exactly replicas 1..N of the service (<see cref="ChurnOperation.Number"/> is N), as compose's --scale does.</summary>
    Scale,
}

/// <summary>One step of a churn run: a container of a service (by replica number) started, stopped or restarted, or the service scaled.</summary>
public sealed record ChurnOperation(ChurnOperationKind Kind, string Service, int Number)
{
    public override string ToString() => Kind == ChurnOperationKind.Scale
        ? $"scale {Service}={Number}"
        : $"{Kind.ToString().ToLowerInvariant()} {ChurnScenario.ContainerName(Service, Number)}";
}
