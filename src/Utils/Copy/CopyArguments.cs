namespace Conlink.Utils.Copy;

/// <summary>Parses <c>copy [-T|--template] SRC DST [[--] COMMAND...]</c>.</summary>
public static class CopyArguments
{
    public const string Usage = """
        Usage: copy [-T|--template] SRC_DIR DST_DIR [-- COMMAND [ARG...]]

        Copies the regular files under SRC_DIR into DST_DIR, creating directories and keeping
        permissions, then replaces itself with COMMAND.

          -T, --template    replace each {{VAR}} in the copied files by the value of the environment
                            variable VAR (only when VAR is defined)
          -h, --help        show this help

        """;

    public static CopyPlan Parse(IReadOnlyList<string> args)
    {
        var template = false;
        var directories = new List<string>(2);
        var i = 0;
        for (; i < args.Count && directories.Count < 2; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help")
                return CopyPlan.Help;
            if (arg is "-T" or "--template")
                template = true;
            else if (arg == "--" || (arg.StartsWith('-') && arg.Length > 1))
                throw ToolError.Usage(arg == "--" ? "expected SRC_DIR and DST_DIR before '--'" : $"unknown option '{arg}'");
            else
                directories.Add(arg);
        }
        if (directories.Count < 2)
            throw ToolError.Usage("expected SRC_DIR and DST_DIR");

        if (i < args.Count && args[i] == "--")
            i++;
        return new CopyPlan(template, directories[0], directories[1], args.Skip(i).ToArray());
    }
}
