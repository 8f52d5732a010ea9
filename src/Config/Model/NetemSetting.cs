using Conlink.Syntax.Netem;

namespace Conlink.Config.Model;

/// <summary>
/// The netem of a link or tunnel: its strings as written, which join (in order) into one qdisc, and
/// the options they give together (a later option overrides an earlier one, as in tc).
/// </summary>
public sealed record NetemSetting(IReadOnlyList<string> Lines, NetemSpec Spec)
{
    /// <summary>The joined text the kernel's netem reads, as <c>tc qdisc add ... netem TEXT</c> would.</summary>
    public string Text => string.Join(' ', Lines);

    public override string ToString() => Text;
}
