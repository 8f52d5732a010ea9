namespace Conlink.Config.Loading;

/// <summary>A mapping with string keys, in source order, without duplicate keys.</summary>
internal sealed record MappingNode(IReadOnlyList<MappingEntry> Entries, NodeLocation Location) : ConfigNode(Location)
{
    // Lookups are a plain scan: mappings are small, and this runs for every key of every link.
    public ConfigNode? this[string key] => IndexOf(key) is >= 0 and var index ? Entries[index].Value : null;

    public bool Contains(string key) => IndexOf(key) >= 0;

    /// <summary>A copy with <paramref name="key"/> set to <paramref name="value"/>, replacing any earlier value in place.</summary>
    public MappingNode With(string key, ConfigNode value, NodeLocation keyLocation)
    {
        var index = IndexOf(key);
        var entries = new List<MappingEntry>(Entries.Count + (index < 0 ? 1 : 0));
        entries.AddRange(Entries);
        if (index < 0) entries.Add(new MappingEntry(key, keyLocation, value));
        else entries[index] = entries[index] with { Value = value };
        return this with { Entries = entries };
    }

    private int IndexOf(string key)
    {
        var entries = Entries;
        for (var i = 0; i < entries.Count; i++)
            if (string.Equals(entries[i].Key, key, StringComparison.Ordinal)) return i;
        return -1;
    }
}
