namespace Conlink.Syntax.Netem;

/// <summary>How netem spreads delay jitter. Uniform is the kernel's own; the others need a table from iproute2.</summary>
public enum NetemDistribution
{
    Uniform,
    Normal,
    Pareto,
    ParetoNormal,
}
