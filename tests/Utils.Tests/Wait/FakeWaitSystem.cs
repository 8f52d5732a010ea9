using Conlink.Utils.Wait;

namespace Conlink.Utils.Tests.Wait;

/// <summary>
/// A system where each condition becomes true after a set number of failed checks; it records what wait did.
/// </summary>
internal sealed class FakeWaitSystem : IWaitSystem
{
    private readonly Dictionary<string, int> _failuresLeft = new();

    public List<string> Events { get; } = [];

    /// <summary>The check named <paramref name="check"/> (e.g. "file /x") fails this many times, then holds.</summary>
    public FakeWaitSystem FailsTimes(string check, int times)
    {
        _failuresLeft[check] = times;
        return this;
    }

    public bool FileExists(string path) => Check($"file {path}");
    public bool InterfaceExists(string name) => Check($"interface {name}");
    public bool InterfaceHasRoute(string name) => Check($"route {name}");
    public bool TcpPortAccepts(string host, int port) => Check($"tcp {host}:{port}");
    public bool CommandSucceeds(string command) => Check($"command {command}");
    public void Sleep(TimeSpan interval) => Events.Add($"sleep {interval.TotalSeconds}");
    public void SetUmask(UnixFileMode mask) => Events.Add($"umask {Convert.ToString((int)mask, 8)}");

    private bool Check(string check)
    {
        Events.Add(check);
        var left = _failuresLeft.GetValueOrDefault(check);
        if (left == 0)
            return true;
        _failuresLeft[check] = left - 1;
        return false;
    }
}
