using System.Globalization;

namespace Conlink.Utils.Wait;

/// <summary>A step that holds wait until it is true; it is checked again after every retry interval.</summary>
public abstract record WaitCondition : WaitStep
{
    /// <summary>What wait is waiting for, as in "waiting for ...".</summary>
    public abstract string Awaited { get; }

    /// <summary>What is now true, once the condition holds.</summary>
    public abstract string Reached { get; }

    public abstract bool HoldsOn(IWaitSystem system);
}

/// <summary><c>-f FILE</c>: the file (or directory) exists.</summary>
public sealed record FileExists(string Path) : WaitCondition
{
    public override string Awaited => $"file '{Path}' to exist";
    public override string Reached => $"file '{Path}' exists";
    public override bool HoldsOn(IWaitSystem system) => system.FileExists(Path);
}

/// <summary><c>-i IF</c>: the network interface exists.</summary>
public sealed record InterfaceExists(string Interface) : WaitCondition
{
    public override string Awaited => $"interface '{Interface}' to exist";
    public override string Reached => $"interface '{Interface}' exists";
    public override bool HoldsOn(IWaitSystem system) => system.InterfaceExists(Interface);
}

/// <summary><c>-I IF</c>: the interface has an address, seen as a route through it in the main routing table.</summary>
public sealed record InterfaceHasRoute(string Interface) : WaitCondition
{
    public override string Awaited => $"interface '{Interface}' to have an IP/route";
    public override string Reached => $"interface '{Interface}' has IP/routing";
    public override bool HoldsOn(IWaitSystem system) => system.InterfaceHasRoute(Interface);
}

/// <summary><c>-t HOST:PORT</c>: something accepts TCP connections there.</summary>
public sealed record TcpPortAccepts(string Host, int Port) : WaitCondition
{
    private string Endpoint => Host.Contains(':')
        ? $"[{Host}]:{Port.ToString(CultureInfo.InvariantCulture)}"
        : $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";

    public override string Awaited => $"TCP listener at '{Endpoint}'";
    public override string Reached => $"TCP listener is reachable at '{Endpoint}'";
    public override bool HoldsOn(IWaitSystem system) => system.TcpPortAccepts(Host, Port);
}

/// <summary><c>-c CMD</c>: the shell command exits with status 0.</summary>
public sealed record CommandSucceeds(string Command) : WaitCondition
{
    public override string Awaited => $"command to succeed: {Command}";
    public override string Reached => $"command successful: {Command}";
    public override bool HoldsOn(IWaitSystem system) => system.CommandSucceeds(Command);
}
