using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace WorkspaceOneUem.Tests
{
    /// <summary>
    /// What a <see cref="HostileServer"/> sends for one request: any status line and headers, a body, and then
    /// the end, silence with the connection held open, or the same bytes for ever.
    /// </summary>
    public sealed class HostileAnswer
    {
        public int Status { get; set; } = 200;
        public string ContentType { get; set; } = "application/json";

        /// <summary>The Content-Length header; null sends the body's own length, or none (and closes) for an endless body.</summary>
        public long? ContentLength { get; set; }

        public Dictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        public byte[] Body { get; set; } = Array.Empty<byte>();

        /// <summary>After the body, send nothing more but keep the connection open until the client gives up.</summary>
        public bool StallAfterBody { get; set; }

        /// <summary>After the body, send these bytes again and again until the client gives up.</summary>
        public byte[] RepeatForever { get; set; }

        /// <summary>With <see cref="Rest"/>: after the body, wait for this task, then send the rest and close.</summary>
        public Task HoldBeforeRest { get; set; }

        public byte[] Rest { get; set; }

        public static HostileAnswer Json(string body, int status = 200) => new HostileAnswer { Status = status, Body = Encoding.UTF8.GetBytes(body) };

        /// <summary>A 200 page of users firstId..lastId (none when lastId is below firstId).</summary>
        public static HostileAnswer Users(int firstId, int lastId, int total, int page = 0) =>
            Users(Enumerable.Range(firstId, Math.Max(0, lastId - firstId + 1)), total, page);

        /// <summary>A 200 page of the users with these ids, in this order.</summary>
        public static HostileAnswer Users(IEnumerable<int> ids, int total, int page = 0) =>
            Json("{\"Users\":[" + string.Join(",", ids.Select(id =>
                $"{{\"Id\":{{\"Value\":{id}}},\"UserName\":\"u{id}\",\"Email\":\"u{id}@x.example\",\"Status\":true}}")) +
                $"],\"Page\":{page},\"PageSize\":500,\"Total\":{total}}}");

        /// <summary>Headers that promise <paramref name="promised"/> bytes, then <paramref name="sent"/> of them, then silence.</summary>
        public static HostileAnswer Stalled(int status, int promised = 1000, string sent = "{\"message\":") => new HostileAnswer
        {
            Status = status,
            ContentLength = promised,
            Body = Encoding.UTF8.GetBytes(sent),
            StallAfterBody = true,
        };

        /// <summary>A body that starts with <paramref name="start"/> and repeats <paramref name="repeat"/> for ever.</summary>
        public static HostileAnswer Endless(int status, string start, string repeat) => new HostileAnswer
        {
            Status = status,
            Body = Encoding.UTF8.GetBytes(start),
            RepeatForever = Encoding.UTF8.GetBytes(repeat),
        };

        public HostileAnswer With(string header, string value)
        {
            Headers[header] = value;
            return this;
        }
    }

    /// <summary>
    /// A raw HTTP/1.1 server on 127.0.0.1 that sends whatever a test tells it, byte for byte: the broken and hostile
    /// answers a real server, gateway or attacker can give and the simulator never would. Answers system/info
    /// politely unless the test answers it; everything else comes from the test's function (null: 404).
    /// </summary>
    public sealed class HostileServer : IDisposable
    {
        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly Func<string, HostileAnswer> _answer;
        private readonly X509Certificate2 _certificate;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly SemaphoreSlim _stalls = new SemaphoreSlim(0);
        private readonly SemaphoreSlim _holds = new SemaphoreSlim(0);
        private readonly SemaphoreSlim _closedWhileHeld = new SemaphoreSlim(0);
        private int _connections;
        private long _bytesSent;

        /// <param name="answer">The answer to a request, given its method, path and query ("GET /API/system/users/search?page=0&amp;...").</param>
        /// <param name="certificate">Serve https with this certificate (with its private key).</param>
        public HostileServer(Func<string, HostileAnswer> answer, X509Certificate2 certificate = null)
        {
            _answer = answer;
            _certificate = certificate;
            _listener.Start();
            Url = $"{(certificate == null ? "http" : "https")}://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
            _ = Task.Run(() => RawHttp.AcceptAsync(_listener, ServeAsync, _stop.Token));
        }

        public string Url { get; }

        /// <summary>Every request line received, in order ("GET /API/system/info").</summary>
        public ConcurrentQueue<string> Requests { get; } = new ConcurrentQueue<string>();

        /// <summary>Every request line received, with the number of the connection it came on (1, 2, ...).</summary>
        public ConcurrentQueue<KeyValuePair<string, int>> RequestConnections { get; } = new ConcurrentQueue<KeyValuePair<string, int>>();

        /// <summary>Completes when an answer has sent its first part and is held (<see cref="HostileAnswer.HoldBeforeRest"/>).</summary>
        public Task<bool> HoldStartedAsync(TimeSpan within) => _holds.WaitAsync(within);

        /// <summary>Completes when the client closed a connection whose answer was held half sent.</summary>
        public Task<bool> ClosedWhileHeldAsync(TimeSpan within) => _closedWhileHeld.WaitAsync(within);

        /// <summary>Body bytes written so far, endless ones included.</summary>
        public long BytesSent => Interlocked.Read(ref _bytesSent);

        public int CountOf(string part) => Requests.Count(r => r.Contains(part, StringComparison.OrdinalIgnoreCase));

        /// <summary>Completes when an answer has gone silent (a stall began): an event, not a guess of how long that takes.</summary>
        public Task<bool> StallStartedAsync(TimeSpan within) => _stalls.WaitAsync(within);

        private async Task ServeAsync(TcpClient client)
        {
            int connection = Interlocked.Increment(ref _connections);
            using (client)
            {
                try
                {
                    Stream stream = client.GetStream();
                    if (_certificate != null)
                    {
                        var tls = new SslStream(stream);
                        await tls.AuthenticateAsServerAsync(_certificate);
                        stream = tls;
                    }
                    using (stream)
                    {
                        while (!_stop.IsCancellationRequested)
                        {
                            string requestLine = await ReadRequestAsync(stream);
                            if (requestLine == null)
                                return;
                            Requests.Enqueue(requestLine);
                            RequestConnections.Enqueue(new KeyValuePair<string, int>(requestLine, connection));
                            HostileAnswer answer = _answer(requestLine)
                                ?? (requestLine.Contains("/system/info", StringComparison.OrdinalIgnoreCase)
                                    ? HostileAnswer.Json("{\"ProductName\":\"Hostile\",\"ProductVersion\":\"1.0\"}")
                                    : HostileAnswer.Json("{\"message\":\"no such path\"}", 404));
                            if (!await SendAsync(stream, answer))
                                return;
                        }
                    }
                }
                catch (Exception ex) when (ex is IOException || ex is SocketException || ex is ObjectDisposedException || ex is System.Security.Authentication.AuthenticationException)
                {
                    // The client gave up or refused the certificate: what these tests provoke.
                }
            }
        }

        /// <summary>Reads one request's head and body; returns its request line, or null when the client closed.</summary>
        private async Task<string> ReadRequestAsync(Stream stream)
        {
            string head = await RawHttp.ReadHeadAsync(stream, _stop.Token);
            if (head == null)
                return null;
            string[] lines = head.Split("\r\n");
            string length = lines.FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
            int remaining = length == null ? 0 : int.Parse(length.Substring("Content-Length:".Length).Trim());
            var body = new byte[4096];
            while (remaining > 0)
            {
                int n = await stream.ReadAsync(body, 0, Math.Min(body.Length, remaining), _stop.Token);
                if (n == 0)
                    return null;
                remaining -= n;
            }
            string[] parts = lines[0].Split(' ');
            return parts.Length >= 2 ? parts[0] + " " + parts[1] : lines[0];
        }

        /// <summary>Sends an answer; false when the connection must end with it.</summary>
        private async Task<bool> SendAsync(Stream stream, HostileAnswer answer)
        {
            bool endless = answer.RepeatForever != null;
            long? length = answer.ContentLength ?? (endless ? (long?)null : answer.Body.Length);
            var head = new StringBuilder($"HTTP/1.1 {answer.Status} {Reason(answer.Status)}\r\n");
            if (answer.ContentType != null)
                head.Append($"Content-Type: {answer.ContentType}\r\n");
            if (length.HasValue)
                head.Append($"Content-Length: {length.Value}\r\n");
            else
                head.Append("Connection: close\r\n");
            foreach (KeyValuePair<string, string> header in answer.Headers)
                head.Append($"{header.Key}: {header.Value}\r\n");
            head.Append("\r\n");
            await WriteAsync(stream, Encoding.ASCII.GetBytes(head.ToString()), counts: false);
            await WriteAsync(stream, answer.Body, counts: true);
            if (endless)
            {
                while (!_stop.IsCancellationRequested)
                    await WriteAsync(stream, answer.RepeatForever, counts: true);
                return false;
            }
            if (answer.HoldBeforeRest != null)
            {
                _holds.Release();
                // A client that reads no further may close the connection meanwhile: its read then ends.
                Task<int> closing = stream.ReadAsync(new byte[1], 0, 1, _stop.Token);
                if (await Task.WhenAny(answer.HoldBeforeRest, closing) == closing)
                {
                    _closedWhileHeld.Release();
                    return false;
                }
                await WriteAsync(stream, answer.Rest, counts: true);
                return false;
            }
            if (answer.StallAfterBody)
            {
                _stalls.Release();
                // Silence until the client closes (a read then ends) or the server stops.
                var probe = new byte[1];
                while (await stream.ReadAsync(probe, 0, 1, _stop.Token) > 0)
                {
                }
                return false;
            }
            return length.HasValue;
        }

        private async Task WriteAsync(Stream stream, byte[] bytes, bool counts)
        {
            await stream.WriteAsync(bytes, 0, bytes.Length, _stop.Token);
            await stream.FlushAsync(_stop.Token);
            if (counts)
                Interlocked.Add(ref _bytesSent, bytes.Length);
        }

        private static string Reason(int status) => status switch
        {
            200 => "OK",
            202 => "Accepted",
            204 => "No Content",
            301 => "Moved Permanently",
            302 => "Found",
            401 => "Unauthorized",
            404 => "Not Found",
            429 => "Too Many Requests",
            500 => "Internal Server Error",
            503 => "Service Unavailable",
            _ => "Status",
        };

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
        }
    }
}
