namespace Conlink.Config.Loading;

/// <summary>A mapping with string keys, in source order, without duplicate keys.</summary>
internal sealed record MappingNode(IReadOnlyList<MappingEntry> Entries, NodeLocation Location) : ConfigNode(Location)
{
    public ConfigNode? this[string key] => Entries.FirstOrDefault(e => e.Key == key)?.Value;

    public bool Contains(string key) => Entries.Any(e => e.Key == key);

    /// <summary>A copy with <paramref name="key"/> set to <paramref name="value"/>, replacing any earlier value in place.</summary>
    public MappingNode With(string key, ConfigNode value, NodeLocation keyLocation)
    {
        var index = Entries.ToList().FindIndex(e => e.Key == key);
        var entries = Entries.ToList();
        if (index < 0) entries.Add(new MappingEntry(key, keyLocation, value));
        else entries[index] = entries[index] with { Value = value };
        return this with { Entries = entries };
    }
}
