namespace Conlink.Actors.Status;

/// <summary>What <see cref="LinkTargets.Resolve"/> found: the link, or the error to show and its kind.</summary>
public sealed record LinkTargetResult(LinkStatus? Link, LinkTargetError Error, string? Message)
{
    public static LinkTargetResult Found(LinkStatus link) => new(link, LinkTargetError.None, null);
    public static LinkTargetResult Invalid(string message) => new(null, LinkTargetError.Invalid, message);
    public static LinkTargetResult Missing(string message) => new(null, LinkTargetError.NotFound, message);
    public static LinkTargetResult Ambiguous(string message) => new(null, LinkTargetError.Ambiguous, message);
}
