using System.Globalization;
using Conlink.Config.Loading;
using Conlink.Syntax.Units;
using YamlDotNet.RepresentationModel;

namespace Conlink.Config.Faults;

/// <summary>
/// A fault schedule (<c>conlink faults run FILE</c>): YAML, a list of steps (at the top level or
/// under <c>steps:</c>), each
/// <code>
/// - at: 5s               # offset from the start (tc time units: us, ms, s; m and h too)
///   link: r1:eth1        # CONTAINER:DEV, SERVICE:DEV or SERVICE_N:DEV
///   action: down         # down | up | netem | netem-reset
///   netem: delay 100ms   # the options, for action netem
///   for: 3s              # undo it after this long (down -> up, netem -> netem-reset)
///   repeat: 5            # do it this many times ...
///   every: 10s           # ... this far apart (needs repeat; longer than for)
/// </code>
/// Parsing reports every problem as FILE:LINE:COL: message; <see cref="Timeline"/> is pure.
/// </summary>
public sealed record FaultSchedule(IReadOnlyList<FaultStep> Steps)
{
    private const int MaxEvents = 100_000;
    private const int MaxFileBytes = 1024 * 1024;

    /// <exception cref="ConfigException">The file is not a schedule; every error is located.</exception>
    public static FaultSchedule Load(string path)
    {
        var text = SafeFileReader.TryRead(path, out var problem, MaxFileBytes, "a fault schedule")
            ?? throw new ConfigException([new ConfigError(path, 0, 0, "", $"cannot read file: {problem}")]);
        return Parse(path, text);
    }

    public static FaultSchedule Parse(string path, string yaml)
    {
        var errors = new List<ConfigError>();
        var stream = new YamlStream();
        try
        {
            using var reader = new StringReader(yaml);
            stream.Load(reader);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new ConfigException([new ConfigError(path, (int)e.Start.Line, (int)e.Start.Column, "", e.Message)]);
        }
        var root = stream.Documents.FirstOrDefault()?.RootNode;
        if (root is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode("steps"), out var inner)) root = inner;
        if (root is not YamlSequenceNode list)
            throw new ConfigException([new ConfigError(path, 1, 1, "", "a fault schedule is a list of steps (or 'steps:' holding one)")]);

        var steps = new List<FaultStep>();
        for (var i = 0; i < list.Children.Count; i++)
        {
            var where = $"steps[{i}]";
            if (list.Children[i] is not YamlMappingNode step)
            {
                errors.Add(Error(path, list.Children[i], where, "a step is a mapping with at, link and action"));
                continue;
            }
            var fields = step.Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value ?? "", kv => kv.Value);
            foreach (var unknown in fields.Keys.Except(["at", "link", "action", "netem", "for", "repeat", "every"]))
                errors.Add(Error(path, step, $"{where}.{unknown}", "unknown key (at, link, action, netem, for, repeat, every)"));
            var at = Time(path, fields, "at", where, errors, required: true) ?? TimeSpan.Zero;
            var target = Text(fields, "link");
            if (target is null || !target.Contains(':', StringComparison.Ordinal))
                errors.Add(Error(path, fields.GetValueOrDefault("link") ?? step, $"{where}.link", "needs CONTAINER:DEV, SERVICE:DEV or SERVICE_N:DEV"));
            FaultAction? action = Text(fields, "action") switch
            {
                "down" => FaultAction.Down,
                "up" => FaultAction.Up,
                "netem" => FaultAction.Netem,
                "netem-reset" => FaultAction.NetemReset,
                _ => null,
            };
            if (action is null) errors.Add(Error(path, fields.GetValueOrDefault("action") ?? step, $"{where}.action", "one of down, up, netem, netem-reset"));
            var netem = Text(fields, "netem");
            if (action == FaultAction.Netem)
            {
                if (netem is null) errors.Add(Error(path, step, $"{where}.netem", "action netem needs the options, e.g. netem: delay 100ms"));
                else
                {
                    try
                    {
                        Syntax.Netem.NetemParser.Parse(netem);
                    }
                    catch (Syntax.SyntaxException e)
                    {
                        errors.Add(Error(path, fields["netem"], $"{where}.netem", e.Message));
                    }
                }
            }
            var duration = Time(path, fields, "for", where, errors, required: false);
            if (duration is not null && action is FaultAction.Up or FaultAction.NetemReset)
                errors.Add(Error(path, fields["for"], $"{where}.for", $"'for' undoes a down or a netem; {Text(fields, "action")} has nothing to undo"));
            var repeat = 1;
            if (Text(fields, "repeat") is { } r && (!int.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out repeat) || repeat < 1 || repeat > 10_000))
                errors.Add(Error(path, fields["repeat"], $"{where}.repeat", "a count from 1 to 10000"));
            var every = Time(path, fields, "every", where, errors, required: false);
            if (repeat > 1 && every is null) errors.Add(Error(path, step, $"{where}.every", "repeat needs every"));
            if (every is { } e2 && duration is { } d && d >= e2) errors.Add(Error(path, fields["every"], $"{where}.every", "must be longer than 'for'"));
            if (target is not null && action is { } a) steps.Add(new FaultStep((int)step.Start.Line, at, target, a, netem, duration, repeat, every));
        }
        if (errors.Count > 0) throw new ConfigException(errors);
        var schedule = new FaultSchedule(steps);
        if (schedule.Timeline().Count > MaxEvents) throw new ConfigException([new ConfigError(path, 1, 1, "", $"the schedule expands to more than {MaxEvents} events")]);
        return schedule;
    }

    /// <summary>Every action and undo in time order (an undo before an action at the same moment).</summary>
    public IReadOnlyList<FaultEvent> Timeline()
    {
        var events = new List<FaultEvent>();
        foreach (var step in Steps)
            for (var n = 0; n < step.Repeat; n++)
            {
                var at = step.At + (step.Every ?? TimeSpan.Zero) * n;
                events.Add(new FaultEvent(at, step, step.Action, step.Netem, false, n + 1));
                if (step.For is { } duration)
                    events.Add(new FaultEvent(at + duration, step, step.Action == FaultAction.Down ? FaultAction.Up : FaultAction.NetemReset, null, true, n + 1));
            }
        return events.OrderBy(e => e.At).ThenBy(e => e.IsUndo ? 0 : 1).ToList();
    }

    private static string? Text(Dictionary<string, YamlNode> fields, string key) =>
        fields.TryGetValue(key, out var node) && node is YamlScalarNode scalar ? scalar.Value : null;

    private static TimeSpan? Time(string path, Dictionary<string, YamlNode> fields, string key, string where, List<ConfigError> errors, bool required)
    {
        if (Text(fields, key) is not { } text)
        {
            if (required) errors.Add(new ConfigError(path, 0, 0, $"{where}.{key}", "required (a time such as 0s, 500ms, 2m)"));
            return null;
        }
        var minutes = text.EndsWith('m') && !text.EndsWith("ms", StringComparison.Ordinal) && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var m) ? m * 60
            : text.EndsWith('h') && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var h) ? h * 3600 : (double?)null;
        if (minutes is { } seconds) return TimeSpan.FromSeconds(seconds);
        if (TcTime.TryParseMicroseconds(text, out var time) && time >= TimeSpan.Zero) return time;
        errors.Add(Error(path, fields[key], $"{where}.{key}", $"'{text}' is not a time (such as 0s, 500ms, 2m)"));
        return null;
    }

    private static ConfigError Error(string path, YamlNode node, string at, string message) =>
        new(path, (int)node.Start.Line, (int)node.Start.Column, at, message);
}
