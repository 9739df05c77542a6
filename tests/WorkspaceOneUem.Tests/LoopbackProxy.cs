using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace WorkspaceOneUem.Tests
{
    /// <summary>One request as the proxy saw it, before it passed it on (or refused it).</summary>
    public sealed class ProxiedRequest
    {
        public string Method { get; set; }

        /// <summary>The absolute URI of a plain request, or host:port of a CONNECT.</summary>
        public string Target { get; set; }

        /// <summary>The Proxy-Authorization header as it arrived; null when there was none.</summary>
        public string ProxyAuthorization { get; set; }

        /// <summary>False when the proxy answered 407 instead of passing it on.</summary>
        public bool Admitted { get; set; }

        public override string ToString() => $"{Method} {Target}";
    }

    /// <summary>
    /// A forward HTTP proxy on 127.0.0.1 that records what passes through it: plain requests in absolute form
    /// ("GET http://127.0.0.1:5000/API/system/info"), passed on one per upstream connection, and CONNECT tunnels,
    /// whose bytes it copies both ways. With a user name it asks for Basic credentials (407) until the right ones
    /// arrive, as a corporate proxy does. It only forwards to loopback, so a test cannot reach out by mistake.
    /// </summary>
    public sealed class LoopbackProxy : IDisposable
    {
        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly string _expected;

        /// <param name="user">Require Basic credentials of this user (with <paramref name="password"/>); null admits everyone.</param>
        public LoopbackProxy(string user = null, string password = null)
        {
            if (user != null)
                _expected = BasicHeader(user, password);
            _listener.Start();
            Url = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
            _ = Task.Run(() => RawHttp.AcceptAsync(_listener, ServeAsync, _stop.Token));
        }

        public string Url { get; }

        public ConcurrentQueue<ProxiedRequest> Log { get; } = new ConcurrentQueue<ProxiedRequest>();

        /// <summary>Changes the path and query of plain requests it passes on, as a rewriting gateway would; null passes them as they are.</summary>
        public Func<string, string> RewritePath { get; set; }

        public IReadOnlyList<ProxiedRequest> Admitted => Log.Where(r => r.Admitted).ToList();

        public IReadOnlyList<ProxiedRequest> Refused => Log.Where(r => !r.Admitted).ToList();

        /// <summary>The header a client sends for these credentials.</summary>
        public static string BasicHeader(string user, string password) =>
            "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));

        private async Task ServeAsync(TcpClient client)
        {
            using (client)
            {
                try
                {
                    NetworkStream stream = client.GetStream();
                    // Keep-alive between a 407 and the retry with credentials, as real proxies (and NTLM) need.
                    while (!_stop.IsCancellationRequested)
                    {
                        List<string> head = await ReadHeadAsync(stream);
                        if (head == null)
                            return;
                        string[] line = head[0].Split(' ');
                        var request = new ProxiedRequest
                        {
                            Method = line[0],
                            Target = line.Length > 1 ? line[1] : string.Empty,
                            ProxyAuthorization = HeaderValue(head, "Proxy-Authorization"),
                        };
                        request.Admitted = _expected == null || string.Equals(request.ProxyAuthorization, _expected, StringComparison.Ordinal);
                        Log.Enqueue(request);
                        byte[] body = await ReadBodyAsync(stream, head);
                        if (!request.Admitted)
                        {
                            await WriteAsync(stream, "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"x\"\r\nContent-Length: 0\r\n\r\n");
                            continue;
                        }
                        if (request.Method == "CONNECT")
                            await TunnelAsync(stream, request.Target);
                        else
                            await ForwardAsync(stream, request, head, body);
                        return;
                    }
                }
                catch (Exception ex) when (ex is IOException || ex is SocketException || ex is ObjectDisposedException || ex is OperationCanceledException)
                {
                    // A side closed its end: what ends every tunnel and every forwarded call.
                }
            }
        }

        private async Task TunnelAsync(NetworkStream client, string target)
        {
            string[] hostPort = target.Split(':');
            if (hostPort.Length != 2 || hostPort[0] != "127.0.0.1")
            {
                await WriteAsync(client, "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
                return;
            }
            using var upstream = new TcpClient();
            await upstream.ConnectAsync(IPAddress.Loopback, int.Parse(hostPort[1]), _stop.Token);
            await WriteAsync(client, "HTTP/1.1 200 Connection established\r\n\r\n");
            NetworkStream server = upstream.GetStream();
            // Either side closing ends the tunnel; the other copy then fails on the disposed socket.
            await Task.WhenAny(client.CopyToAsync(server, _stop.Token), server.CopyToAsync(client, _stop.Token));
        }

        /// <summary>Passes one plain request on in origin form, without the proxy's own headers, and relays the answer.</summary>
        private async Task ForwardAsync(NetworkStream client, ProxiedRequest request, List<string> head, byte[] body)
        {
            if (!Uri.TryCreate(request.Target, UriKind.Absolute, out Uri target) || target.Scheme != "http" || target.Host != "127.0.0.1")
            {
                await WriteAsync(client, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
                return;
            }
            string pathAndQuery = RewritePath == null ? target.PathAndQuery : RewritePath(target.PathAndQuery);
            var upstreamHead = new StringBuilder($"{request.Method} {pathAndQuery} HTTP/1.1\r\n");
            foreach (string header in head.Skip(1))
            {
                string name = header.Split(':')[0].Trim();
                if (!name.StartsWith("Proxy-", StringComparison.OrdinalIgnoreCase) && !name.Equals("Connection", StringComparison.OrdinalIgnoreCase)
                    && !name.Equals("Keep-Alive", StringComparison.OrdinalIgnoreCase))
                    upstreamHead.Append(header).Append("\r\n");
            }
            // One upstream connection per call: the answer then ends where the upstream closes.
            upstreamHead.Append("Connection: close\r\n\r\n");
            using var upstream = new TcpClient();
            await upstream.ConnectAsync(IPAddress.Loopback, target.Port, _stop.Token);
            NetworkStream server = upstream.GetStream();
            await WriteAsync(server, upstreamHead.ToString());
            await server.WriteAsync(body, _stop.Token);
            await server.CopyToAsync(client, _stop.Token);
        }

        private async Task<List<string>> ReadHeadAsync(NetworkStream stream)
        {
            string head = await RawHttp.ReadHeadAsync(stream, _stop.Token);
            return head?.Split("\r\n").Where(l => l.Length > 0).ToList();
        }

        private async Task<byte[]> ReadBodyAsync(NetworkStream stream, List<string> head)
        {
            if (HeaderValue(head, "Transfer-Encoding") != null)
                throw new IOException("The test proxy passes on bodies with a Content-Length only.");
            string length = HeaderValue(head, "Content-Length");
            var body = new byte[length == null ? 0 : int.Parse(length)];
            await stream.ReadExactlyAsync(body, _stop.Token);
            return body;
        }

        private static string HeaderValue(List<string> head, string name)
        {
            string line = head.Skip(1).FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase));
            return line?.Substring(name.Length + 1).Trim();
        }

        private async Task WriteAsync(NetworkStream stream, string text)
        {
            byte[] bytes = Encoding.ASCII.GetBytes(text);
            await stream.WriteAsync(bytes, _stop.Token);
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
        }
    }
}
