using System.Text;

namespace Conlink.Utils.Echo;

/// <summary>
/// The program's arguments as the bytes it was given. .NET hands arguments over as strings, decoded as UTF-8
/// with invalid bytes replaced; the kernel's copy in <c>/proc/self/cmdline</c> has them unchanged, so a
/// file name in another encoding is echoed as it is.
/// </summary>
public static class ArgumentBytes
{
    public const string CommandLinePath = "/proc/self/cmdline";

    /// <summary>
    /// The raw form of <paramref name="arguments"/>: the last entries of <paramref name="commandLine"/> (the
    /// NUL-terminated argv of the process, whose first entries are the program, or the dotnet host and the
    /// assembly), when they are what .NET decoded; otherwise the UTF-8 of <paramref name="arguments"/>.
    /// </summary>
    public static IReadOnlyList<byte[]> Of(IReadOnlyList<string> arguments, byte[]? commandLine)
    {
        if (commandLine is not null && RawEntries(commandLine) is { } entries && entries.Count >= arguments.Count)
        {
            var raw = entries.Skip(entries.Count - arguments.Count).ToArray();
            if (raw.Select(entry => Encoding.UTF8.GetString(entry)).SequenceEqual(arguments, StringComparer.Ordinal))
                return raw;
        }
        return arguments.Select(argument => Encoding.UTF8.GetBytes(argument)).ToArray();
    }

    /// <summary>Reads the process's own argv from /proc, or null where /proc is not there.</summary>
    public static byte[]? ReadCommandLine()
    {
        try
        {
            return File.ReadAllBytes(CommandLinePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Splits NUL-terminated entries; null unless the text ends with a NUL, as a whole argv does.</summary>
    private static List<byte[]>? RawEntries(byte[] commandLine)
    {
        if (commandLine.Length == 0 || commandLine[^1] != 0)
            return null;
        var entries = new List<byte[]>();
        var start = 0;
        for (var i = 0; i < commandLine.Length; i++)
        {
            if (commandLine[i] != 0)
                continue;
            entries.Add(commandLine[start..i]);
            start = i + 1;
        }
        return entries;
    }
}
