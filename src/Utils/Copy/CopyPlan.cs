namespace Conlink.Utils.Copy;

/// <summary>A parsed copy command line.</summary>
public sealed record CopyPlan(
    bool Template,
    string Source,
    string Destination,
    IReadOnlyList<string> Command,
    bool HelpRequested = false)
{
    public static readonly CopyPlan Help = new(false, "", "", [], HelpRequested: true);
}
