namespace Conlink.Cli;

internal static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>The configuration is invalid or unreadable, or conlink failed at run time.</summary>
    public const int Failure = 1;
    /// <summary>The command line is wrong.</summary>
    public const int Usage = 2;
    /// <summary><c>conlink status</c>: conlink runs and no link failed, but some are not ready yet.</summary>
    public const int Pending = 3;
    /// <summary><c>conlink capture</c>: the running conlink refused it as not allowed (403: not root, or no or a wrong token over TCP).</summary>
    public const int NotAllowed = 4;
}
