namespace Conlink.Utils.Wait;

/// <summary>A parsed wait command line: the steps in order, then the command to exec (possibly none).</summary>
public sealed record WaitPlan(IReadOnlyList<WaitStep> Steps, IReadOnlyList<string> Command, bool HelpRequested = false)
{
    public static readonly WaitPlan Help = new([], [], HelpRequested: true);
}
