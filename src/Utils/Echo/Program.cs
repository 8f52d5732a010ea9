using Conlink.Utils;
using Conlink.Utils.Echo;

return ToolMain.Run("echo", usage: "", () =>
{
    var line = EchoLine.Format(ArgumentBytes.Of(args, ArgumentBytes.ReadCommandLine()));
    try
    {
        using var stdout = Console.OpenStandardOutput();
        stdout.Write(line);
        stdout.Flush();
    }
    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
    {
        // a closed stdout surfaces as access denied around the errno's own IOException, which says more
        throw ToolError.Failure($"cannot write to standard output: {(e.InnerException ?? e).Message}");
    }
    return 0;
});
