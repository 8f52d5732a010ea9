using Conlink.Config.Loading;
using Conlink.Config.Model;

namespace Conlink.Config.Validation;

/// <summary>
/// Checks one <c>commands</c> entry: exactly one of service or container, and a command that is
/// either a string (run by <c>sh -c</c>) or a non-empty list of strings (an argv).
/// </summary>
internal static class CommandValidator
{
    public static CommandSpec? Validate(ConfigNode item, ICollection<ConfigError> errors)
    {
        if (NodeValues.Mapping(item, errors) is not { } command) return null;
        var errorsBefore = errors.Count;
        NodeValues.RejectUnknownKeys(command, ConfigKeys.Command, errors);
        var service = command["service"] is { } serviceNode ? NodeValues.String(serviceNode, errors) : null;
        var container = command["container"] is { } containerNode ? NodeValues.String(containerNode, errors) : null;
        if (command.Contains("service") == command.Contains("container"))
            errors.Add(command.Location.Error("exactly one of 'service' or 'container' must be set"));

        IReadOnlyList<string>? argv = null;
        var isShell = false;
        switch (command["command"])
        {
            case null:
                errors.Add(command.Location.Error("'command' is required"));
                break;
            case SequenceNode { Items.Count: 0 } empty:
                errors.Add(empty.Location.Error("must not be an empty list"));
                break;
            case SequenceNode list:
                argv = list.Items.Select(i => NodeValues.String(i, errors)).OfType<string>().ToList();
                break;
            case ScalarNode { Kind: ScalarKind.String } text:
                isShell = true;
                argv = NodeValues.String(text, errors) is { } shell ? [shell] : null;
                break;
            case var other:
                errors.Add(other.Location.Error($"must be a string or a list of strings, not {NodeValues.Describe(other)}"));
                break;
        }

        if (errors.Count > errorsBefore) return null;
        return new CommandSpec { Service = service, Container = container, Command = argv!, IsShell = isShell };
    }
}
