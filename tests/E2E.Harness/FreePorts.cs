using System.Net;
using System.Net.Sockets;

namespace Conlink.E2E.Harness;

/// <summary>TCP ports on 127.0.0.1 that nothing listens on right now, for a test's published ports.</summary>
public static class FreePorts
{
    public static IReadOnlyList<int> Take(int count)
    {
        // All listeners stay open until every port is chosen, so the ports differ.
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            foreach (var listener in listeners) listener.Start();
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToList();
        }
        finally
        {
            foreach (var listener in listeners) listener.Stop();
        }
    }
}
