return Conlink.Cli.Entry.Run(args);

namespace Conlink.Cli
{
    internal static class Entry
    {
        public static int Run(string[] args)
        {
            Console.Error.WriteLine("conlink: not implemented yet");
            return 1;
        }
    }
}
