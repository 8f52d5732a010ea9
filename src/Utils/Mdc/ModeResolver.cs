using System.Collections.Immutable;

namespace Conlink.Utils.Mdc;

/// <summary>
/// Chooses the modes a request needs and orders them, dependencies first, each once.
/// </summary>
/// <remarks>
/// As resolve-deps (the original mdc's resolver) does, the choice among alternatives (<c>a|b</c>) is the one that
/// gives the fewest modes in all; among equally small choices, the first in the order the alternatives are written.
/// So an alternative that is selected anyway (requested, or needed elsewhere) wins, and otherwise the first one.
/// Alternatives that name no existing mode are passed over; a needed mode that does not exist is an error.
/// </remarks>
public sealed class ModeResolver
{
    private readonly ModeCatalog _catalog;
    private ImmutableHashSet<string>? _best;
    private string? _firstProblem;

    private ModeResolver(ModeCatalog catalog) => _catalog = catalog;

    public static IReadOnlyList<Mode> Resolve(ModeCatalog catalog, IReadOnlyList<Dependency> request)
    {
        var resolver = new ModeResolver(catalog);
        var initial = request.Select(dependency => new Need(dependency, NeededBy: null)).ToImmutableList();
        resolver.Search(initial, ImmutableHashSet.Create<string>(StringComparer.Ordinal));

        var selected = resolver._best
                       ?? throw ToolError.Failure(resolver._firstProblem ?? "no modes requested");
        return new DependencyOrder(catalog, selected).Sort(request);
    }

    private sealed record Need(Dependency Dependency, string? NeededBy);

    /// <summary>Depth-first over the choices, in the original's queue order, keeping the first smallest selection.</summary>
    private void Search(ImmutableList<Need> pending, ImmutableHashSet<string> selected)
    {
        if (_best is not null && selected.Count >= _best.Count)
            return;
        if (pending.IsEmpty)
        {
            _best = selected;
            return;
        }

        var (need, rest) = (pending[0], pending.RemoveAt(0));
        switch (need.Dependency)
        {
            case Requires(var name) when selected.Contains(name):
                Search(rest, selected);
                break;
            case Requires(var name):
                if (!_catalog.TryGet(name, out var mode))
                {
                    Note(Missing(name, need.NeededBy));
                    return;
                }
                var children = mode.Dependencies
                    .Where(dependency => dependency is RequiresAnyOf || (dependency is Requires(var child) && !selected.Contains(child)))
                    .Select(dependency => new Need(dependency, name));
                Search(rest.AddRange(children), selected.Add(name));
                break;
            case RequiresAnyOf(var alternatives):
                var existing = alternatives.Where(alternative => _catalog.TryGet(alternative, out _)).ToArray();
                if (existing.Length == 0)
                    Note(Missing(string.Join("|", alternatives), need.NeededBy));
                foreach (var alternative in existing)
                    Search(rest.Insert(0, new Need(new Requires(alternative), need.NeededBy)), selected);
                break;
            case OrderedAfter:
                Search(rest, selected);
                break;
        }
    }

    private void Note(string problem) => _firstProblem ??= problem;

    private string Missing(string name, string? neededBy) =>
        $"mode '{name}' not found in {string.Join(",", _catalog.Directories)}" + (neededBy is null ? "" : $" (needed by '{neededBy}')");

    /// <summary>Orders the selected modes so that each comes after every selected mode it depends on, in any way.</summary>
    private sealed class DependencyOrder(ModeCatalog catalog, ImmutableHashSet<string> selected)
    {
        private readonly List<Mode> _order = [];
        private readonly HashSet<string> _done = new(StringComparer.Ordinal);
        private readonly List<string> _path = [];

        public IReadOnlyList<Mode> Sort(IReadOnlyList<Dependency> request)
        {
            foreach (var name in SelectedNames(request))
                Visit(name);
            return _order;
        }

        private void Visit(string name)
        {
            if (_done.Contains(name))
                return;
            var cycleStart = _path.IndexOf(name);
            if (cycleStart >= 0)
                throw ToolError.Failure($"modes depend on each other in a cycle: {string.Join(" -> ", _path.Skip(cycleStart).Append(name))}");

            catalog.TryGet(name, out var mode);
            _path.Add(name);
            foreach (var dependency in SelectedNames(mode.Dependencies))
                Visit(dependency);
            _path.RemoveAt(_path.Count - 1);

            _done.Add(name);
            _order.Add(mode);
        }

        private IEnumerable<string> SelectedNames(IEnumerable<Dependency> dependencies) =>
            dependencies
                .SelectMany(dependency => dependency switch
                {
                    Requires(var name) => [name],
                    RequiresAnyOf(var names) => names,
                    OrderedAfter(var name) => [name],
                    _ => [],
                })
                .Where(selected.Contains);
    }
}
