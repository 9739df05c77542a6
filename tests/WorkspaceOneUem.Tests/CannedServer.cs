using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using WorkspaceOneUem.Client;
using WorkspaceOneUem.Resilience;

namespace WorkspaceOneUem.Tests
{
    /// <summary>Answers system/info, then every other call with a canned JSON body: for answers the simulator never gives.</summary>
    internal sealed class CannedServer : IDisposable
    {
        /// <summary>A bulk answer for items 1, 2 and 3 that counts two failures but names only that of item 2.</summary>
        public const string OneOfTwoFailuresNamed =
            "{\"TotalItems\":3,\"AcceptedItems\":1,\"FailedItems\":2,\"Faults\":{\"Fault\":[{\"ErrorCode\":400,\"ItemValue\":\"2\",\"Message\":\"Locked.\"}]}}";

        private readonly HttpListener _listener = new HttpListener();

        public CannedServer(string answer) : this(_ => answer)
        {
        }

        /// <param name="answer">The body for a call, given its path and query (e.g. /API/system/users/search?page=1).</param>
        public CannedServer(Func<string, string> answer)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            int port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Url = $"http://127.0.0.1:{port}";
            _listener.Prefixes.Add(Url + "/");
            _listener.Start();
            _ = Task.Run(async () =>
            {
                while (_listener.IsListening)
                {
                    HttpListenerContext ctx;
                    try
                    {
                        ctx = await _listener.GetContextAsync();
                    }
                    catch (Exception ex) when (ex is HttpListenerException || ex is ObjectDisposedException)
                    {
                        return;
                    }
                    Requests.Enqueue(ctx.Request.Url.PathAndQuery);
                    string body = ctx.Request.Url.AbsolutePath.EndsWith("/system/info", StringComparison.OrdinalIgnoreCase)
                        ? "{\"ProductName\":\"Canned\",\"ProductVersion\":\"1.0\"}"
                        : answer(ctx.Request.Url.PathAndQuery);
                    byte[] bytes = Encoding.UTF8.GetBytes(body);
                    ctx.Response.ContentType = "application/json";
                    ctx.Response.ContentLength64 = bytes.Length;
                    await ctx.Response.OutputStream.WriteAsync(bytes);
                    ctx.Response.Close();
                }
            });
        }

        public string Url { get; }

        /// <summary>The path and query of every call received, in order.</summary>
        public ConcurrentQueue<string> Requests { get; } = new ConcurrentQueue<string>();

        /// <summary>A session on this server, with the other settings (credentials, retries) as given.</summary>
        public Task<Ws1Session> ConnectAsync(Ws1ConnectionSettings settings)
        {
            settings.ApiBaseUri = Ws1ServerAddress.Parse(Url);
            return Ws1Session.OpenAsync("canned", settings, Ws1Resilience.Policy, CancellationToken.None);
        }

        public void Dispose() => _listener.Close();
    }
}
