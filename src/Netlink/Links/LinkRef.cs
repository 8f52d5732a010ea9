namespace Conlink.Netlink.Links;

/// <summary>
/// Names an interface by index, by name, or both (as a <see cref="Link"/> read back does).
/// Requests use the index when there is one; messages use the name.
/// </summary>
public readonly record struct LinkRef
{
    public LinkRef(int index, string? name = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(index);
        Index = index;
        Name = name;
    }

    public LinkRef(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
    }

    /// <summary>The interface index, or 0 when only the name is known.</summary>
    public int Index { get; }

    public string? Name { get; }

    public bool HasIndex => Index > 0;

    public bool IsEmpty => Index == 0 && Name is null;

    public static implicit operator LinkRef(string name) => new(name);

    public static implicit operator LinkRef(int index) => new(index);

    public static implicit operator LinkRef(Link link) => new(link.Index, link.Name);

    public override string ToString() => Name ?? (Index > 0 ? $"#{Index}" : "(none)");
}
