namespace Conlink.Utils.Mdc;

/// <summary>One entry of a mode's <c>deps</c> file (or of the MODES argument).</summary>
public abstract record Dependency;

/// <summary><c>name</c>: the mode is needed.</summary>
public sealed record Requires(string Mode) : Dependency;

/// <summary><c>a|b</c>: at least one of the modes is needed.</summary>
public sealed record RequiresAnyOf(IReadOnlyList<string> Modes) : Dependency
{
    public bool Equals(RequiresAnyOf? other) => other is not null && Modes.SequenceEqual(other.Modes);
    public override int GetHashCode() => Modes.Aggregate(0, (hash, mode) => HashCode.Combine(hash, mode));
}

/// <summary><c>+name</c>: not needed, but when selected for another reason the mode comes first.</summary>
public sealed record OrderedAfter(string Mode) : Dependency;
