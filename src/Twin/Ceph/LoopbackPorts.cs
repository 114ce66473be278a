using System.Net;
using System.Net.Sockets;

namespace Deepthought.Twin.Ceph;

/// <summary>
/// Free ports on 127.0.0.1, chosen at run time: several engineers' tests run Ceph at once, so no port is fixed.
/// </summary>
public static class LoopbackPorts
{
    /// <summary>Ports the kernel hands out as free right now (all distinct). A daemon binds them moments later.</summary>
    public static int[] Free(int count)
    {
        var listeners = new List<TcpListener>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var l = new TcpListener(IPAddress.Loopback, 0);
                l.Start();
                listeners.Add(l);
            }

            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (var l in listeners)
            {
                l.Stop();
            }
        }
    }

    /// <summary>
    /// A window for Ceph's <c>ms bind port min/max</c>: daemons take the first port of the window they can bind, so
    /// another cluster's window overlapping this one only shifts them. The window sits below Linux's ephemeral range
    /// (32768+), where no client socket lands, at a random place so concurrent clusters rarely meet.
    /// </summary>
    public static (int Min, int Max) BindWindow(int size)
    {
        var min = 20000 + (Random.Shared.Next(0, (12000 - size) / 10) * 10);
        return (min, min + size - 1);
    }
}
