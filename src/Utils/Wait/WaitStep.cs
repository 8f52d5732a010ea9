namespace Conlink.Utils.Wait;

/// <summary>One option of the wait command line; steps run in the order given.</summary>
public abstract record WaitStep;

/// <summary><c>-s SECONDS</c>: how long to sleep between two checks of the conditions that follow.</summary>
public sealed record SetRetryInterval(TimeSpan Interval) : WaitStep;

/// <summary><c>-u MASK</c>: the file-creation mask, kept by the command that wait execs.</summary>
public sealed record SetUmask(UnixFileMode Mask) : WaitStep;
