using System.Globalization;

namespace Conlink.Utils.Wait;

/// <summary>Parses the wait command line. Options are kept in the order given; nothing runs here.</summary>
public static class WaitArguments
{
    public const string Usage = """
        Usage: wait [OPTION...] [-- COMMAND [ARG...]]

        Waits for each condition in the order given, checking again every WAIT_SLEEP seconds (default 1),
        then replaces itself with COMMAND.

          -f, --file FILE              FILE exists
          -i, --if, --intf IFACE       network interface IFACE exists
          -I, --ip IFACE               IFACE has an IP address (a route through it)
          -t, --tcp HOST:PORT          HOST accepts TCP connections on PORT
          -c, --cmd, --command CMD     CMD succeeds when run by 'sh -c'
          -s, --sleep SECONDS          retry interval for the conditions that follow
          -u, --umask MASK             set the file-creation mask (octal) for COMMAND
          -h, --help                   show this help

        """;

    public static WaitPlan Parse(IReadOnlyList<string> args)
    {
        var steps = new List<WaitStep>();
        for (var i = 0; i < args.Count; i++)
        {
            var option = args[i];
            if (option == "--")
                return new WaitPlan(steps, args.Skip(i + 1).ToArray());
            if (option is "-h" or "--help")
                return WaitPlan.Help;

            string Value() =>
                i + 1 < args.Count && args[i + 1] != "--"
                    ? args[++i]
                    : throw ToolError.Usage($"option '{option}' needs an argument");

            steps.Add(option switch
            {
                "-f" or "--file" => new FileExists(Value()),
                "-i" or "--if" or "--intf" => new InterfaceExists(Value()),
                "-I" or "--ip" => new InterfaceHasRoute(Value()),
                "-t" or "--tcp" => ParseTcpEndpoint(Value()),
                "-c" or "--cmd" or "--command" => new CommandSucceeds(Value()),
                "-s" or "--sleep" => new SetRetryInterval(ParseSeconds(Value(), option)),
                "-u" or "--umask" => new SetUmask(ParseUmask(Value())),
                _ => throw ToolError.Usage($"unknown option '{option}'"),
            });
        }
        return new WaitPlan(steps, []);
    }

    /// <summary>A retry interval in seconds: a non-negative number, fractions allowed (as sleep(1) takes).</summary>
    public static TimeSpan ParseSeconds(string value, string source) =>
        double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : throw ToolError.Usage($"{source} expects a number of seconds, got '{value}'");

    private static TcpPortAccepts ParseTcpEndpoint(string value)
    {
        var colon = value.LastIndexOf(':');
        var host = colon > 0 ? value[..colon] : "";
        if (host.StartsWith('[') && host.EndsWith(']'))
            host = host[1..^1];
        var portText = value[(colon + 1)..];
        return host.Length > 0
               && int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port)
               && port is > 0 and <= ushort.MaxValue
            ? new TcpPortAccepts(host, port)
            : throw ToolError.Usage($"--tcp expects HOST:PORT, got '{value}'");
    }

    private static UnixFileMode ParseUmask(string value)
    {
        if (value.Length is 0 or > 4 || value.Any(c => c is < '0' or > '7'))
            throw ToolError.Usage($"--umask expects an octal mask such as 022, got '{value}'");
        return (UnixFileMode)value.Aggregate(0, (mask, digit) => mask * 8 + (digit - '0'));
    }
}
