namespace Conlink.Actors.Engine;

/// <summary>
/// The answer of a shutdown step that deletes what the engine made (bridges, tunnels, spans' vxlans):
/// what it deleted, and what it could not, each failure saying what and why.
/// </summary>
public sealed record Deletions(IReadOnlyList<string> Deleted, IReadOnlyList<string> Failures)
{
    public static Deletions None { get; } = new([], []);

    /// <summary>
    /// Deletes every item side by side; <paramref name="delete"/> answers the name of what it deleted.
    /// One that fails (or times out) is a failure named "<paramref name="what"/> was not deleted: why", never a lost answer.
    /// </summary>
    public static async Task<Deletions> RunAsync<T>(IEnumerable<T> items, Func<T, Task<string>> delete, Func<T, string> what)
    {
        var results = await Task.WhenAll(items.Select(async item =>
        {
            try
            {
                return (Deleted: await delete(item).ConfigureAwait(false), Failure: (string?)null);
            }
            catch (Exception e)
            {
                return (Deleted: (string?)null, Failure: $"{what(item)} was not deleted: {e.GetBaseException().Message}");
            }
        }).ToList()).ConfigureAwait(false);
        return new Deletions(results.Select(r => r.Deleted).OfType<string>().ToList(), results.Select(r => r.Failure).OfType<string>().ToList());
    }
}
