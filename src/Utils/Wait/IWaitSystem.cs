namespace Conlink.Utils.Wait;

/// <summary>The system wait observes and acts on; a fake stands in for it in tests.</summary>
public interface IWaitSystem
{
    bool FileExists(string path);
    bool InterfaceExists(string name);
    bool InterfaceHasRoute(string name);
    bool TcpPortAccepts(string host, int port);
    bool CommandSucceeds(string command);
    void Sleep(TimeSpan interval);
    void SetUmask(UnixFileMode mask);
}
