namespace Conlink.Config.Model;

/// <summary>
/// A command run in a container once its links are up. A string runs through <c>sh -c</c>;
/// a list is an argv.
/// </summary>
public sealed record CommandSpec
{
    public string? Service { get; init; }
    public string? Container { get; init; }
    /// <summary>Either one shell string (<see cref="IsShell"/>) or an argv.</summary>
    public required IReadOnlyList<string> Command { get; init; }
    public bool IsShell { get; init; }

    public IReadOnlyList<string> ToArgv() => IsShell ? ["sh", "-c", Command[0]] : Command;
}
