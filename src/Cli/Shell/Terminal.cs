namespace Conlink.Cli.Shell;

/// <summary>
/// Colours text for a terminal: only when the output is the process's own console, not redirected,
/// and NO_COLOR is unset (https://no-color.org).
/// </summary>
internal sealed class Terminal
{
    private readonly bool _colour;

    private Terminal(bool isInteractive, bool colour)
    {
        IsInteractive = isInteractive;
        _colour = colour;
    }

    public static Terminal Plain { get; } = new(false, false);

    /// <summary>True when the output is a terminal a person watches (so it may be cleared and redrawn).</summary>
    public bool IsInteractive { get; }

    public static Terminal For(CliHost host)
    {
        var interactive = ReferenceEquals(host.Out, Console.Out) && !Console.IsOutputRedirected;
        return new Terminal(interactive, interactive && string.IsNullOrEmpty(host.GetEnvironmentVariable("NO_COLOR")));
    }

    public string Red(string text) => Paint(text, 31);

    public string Green(string text) => Paint(text, 32);

    public string Yellow(string text) => Paint(text, 33);

    public string Dim(string text) => Paint(text, 2);

    /// <summary>Moves the cursor home and clears the screen.</summary>
    public const string ClearScreen = "\e[H\e[2J";

    private string Paint(string text, int code) => _colour ? $"\e[{code}m{text}\e[0m" : text;
}
