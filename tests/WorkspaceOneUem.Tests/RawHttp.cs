using System;
using System.IO;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace WorkspaceOneUem.Tests
{
    /// <summary>The socket work the raw test servers (<see cref="HostileServer"/>, <see cref="LoopbackProxy"/>) share.</summary>
    internal static class RawHttp
    {
        /// <summary>Accepts connections until <paramref name="stop"/>, serving each on its own task.</summary>
        public static async Task AcceptAsync(TcpListener listener, Func<TcpClient, Task> serve, CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await listener.AcceptTcpClientAsync(stop);
                }
                catch (Exception ex) when (ex is OperationCanceledException || ex is ObjectDisposedException || ex is SocketException)
                {
                    return;
                }
                _ = Task.Run(() => serve(client));
            }
        }

        /// <summary>
        /// A message head up to and including its blank line, or null when the peer closed first. Read byte by byte so
        /// nothing after the head (a body, a tunnel's first TLS bytes) is consumed here.
        /// </summary>
        public static async Task<string> ReadHeadAsync(Stream stream, CancellationToken stop)
        {
            var head = new StringBuilder();
            var one = new byte[1];
            while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
            {
                if (await stream.ReadAsync(one, 0, 1, stop) == 0)
                    return null;
                head.Append((char)one[0]);
            }
            return head.ToString();
        }
    }
}
