namespace Conlink.Host;

/// <summary>The engine could not start; <see cref="Problems"/> says why, one problem a line, and nothing was left behind.</summary>
public sealed class EngineHostException(IReadOnlyList<string> problems) : Exception(string.Join(Environment.NewLine, problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
