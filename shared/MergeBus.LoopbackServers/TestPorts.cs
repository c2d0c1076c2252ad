using System.Net;
using System.Net.Sockets;

namespace MergeBus.LoopbackServers;

public static class TestPorts
{
    /// <summary>
    /// A loopback TCP port that was free a moment ago. Another process may take it before the server binds, so
    /// prefer letting a server bind port 0 and report its port when it can (S3rverServer does).
    /// </summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
