using System.Text;
using Conlink.Actors.Logging;

namespace Conlink.Cli.Running;

/// <summary>
/// Turns run mode's own stderr lines (<c>conlink: WARNING: ...</c>) into <see cref="JsonLogLine"/>s
/// for <c>--log-format json</c>, so that every line on stderr is one JSON object, as the engine's
/// are. A <c>WriteLine</c> is one message even when it spans lines; the level comes from the prefix.
/// </summary>
internal sealed class JsonLogWriter(TextWriter inner, Func<DateTimeOffset> now) : TextWriter
{
    private const string Source = "conlink";
    private readonly StringBuilder _pending = new();
    private readonly Lock _gate = new();

    public JsonLogWriter(TextWriter inner) : this(inner, () => DateTimeOffset.UtcNow) { }

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        lock (_gate)
        {
            if (value == '\n') Emit();
            else if (value != '\r') _pending.Append(value);
        }
    }

    public override void WriteLine(string? value)
    {
        lock (_gate)
        {
            _pending.Append(value);
            Emit();
        }
    }

    public override void Flush()
    {
        lock (_gate)
        {
            if (_pending.Length > 0) Emit();
            inner.Flush();
        }
    }

    private void Emit()
    {
        var text = _pending.ToString().TrimEnd('\r', '\n');
        _pending.Clear();
        if (text.StartsWith(Source + ": ", StringComparison.Ordinal)) text = text[(Source.Length + 2)..];
        var (level, message) = text switch
        {
            _ when text.StartsWith("ERROR: ", StringComparison.Ordinal) => ("error", text["ERROR: ".Length..]),
            _ when text.StartsWith("WARNING: ", StringComparison.Ordinal) => ("warning", text["WARNING: ".Length..]),
            _ => ("info", text),
        };
        inner.WriteLine(JsonLogLine.Format(now(), level, Source, message));
    }
}
