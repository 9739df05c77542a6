using System;
using System.Net.Http;

namespace WorkspaceOneUem.Client.Http
{
    /// <summary>One logical API call: what to send, and how to describe it in errors and logs.</summary>
    internal sealed class ApiRequest
    {
        public ApiRequest(HttpMethod method, string path, Ws1Action action, string operation)
        {
            Method = method;
            Path = path;
            Action = action;
            Operation = operation;
        }

        public HttpMethod Method { get; }

        /// <summary>Path and query relative to the API base, e.g. "system/users/search?page=0".</summary>
        public string Path { get; }

        public Ws1Action Action { get; }

        /// <summary>Human text for errors, e.g. "delete user 'ann' (id 42)".</summary>
        public string Operation { get; }

        /// <summary>JSON body for POST/PUT, or null.</summary>
        public string? JsonBody { get; set; }

        public int ApiVersion { get; set; } = 1;

        /// <summary>
        /// A 2xx with an empty body is an answer, not a fault: for raw calls, whose answer shape the module does not
        /// know (a v1 update answers 200 with nothing). Elsewhere an empty body where data belongs is EmptyResponse.
        /// </summary>
        public bool EmptyBodyAllowed { get; set; }

        /// <summary>Called when a successful answer's headers are in, before its body is read (a listing's page window asks for the next page then).</summary>
        public Action? AnswerArriving { get; set; }

#if NET8_0_OR_GREATER
        /// <summary>A fast reader for a plain page of users or devices, tried before the serializer's path (see Json.Utf8Pages).</summary>
        public Func<ArraySegment<byte>, object>? ReadPlainPage { get; set; }

#endif
        /// <summary>Set by the transport from the last answer's X-Correlation-ID, for results that quote it.</summary>
        public string? CorrelationId { get; set; }

        public bool IsWrite => Method != HttpMethod.Get;
    }
}
