namespace Conlink.Utils.Echo;

/// <summary>
/// What echo prints: every argument as it is, one space between them, and a newline. No argument is an
/// option: <c>-n</c>, <c>-e</c>, <c>--help</c> and <c>--</c> are printed like any other word.
/// </summary>
public static class EchoLine
{
    private const byte Space = (byte)' ';
    private const byte Newline = (byte)'\n';

    public static byte[] Format(IReadOnlyList<byte[]> arguments)
    {
        var length = arguments.Sum(argument => argument.Length) + Math.Max(arguments.Count - 1, 0) + 1;
        var line = new byte[length];
        var at = 0;
        for (var i = 0; i < arguments.Count; i++)
        {
            if (i > 0)
                line[at++] = Space;
            arguments[i].CopyTo(line, at);
            at += arguments[i].Length;
        }
        line[at] = Newline;
        return line;
    }
}
