using Conlink.Utils;
using Conlink.Utils.Copy;

return ToolMain.Run("copy", CopyArguments.Usage, () =>
{
    var plan = CopyArguments.Parse(args);
    if (plan.HelpRequested)
    {
        Console.Out.Write(CopyArguments.Usage);
        return 0;
    }

    var templateVariables = plan.Template ? Environment.GetEnvironmentVariable : (Func<string, string?>?)null;
    new TreeCopier(templateVariables, Console.Error).Copy(plan.Source, plan.Destination);
    return CommandHandoff.Run("copy", plan.Command, Console.Error);
});
