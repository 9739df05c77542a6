using System;

namespace WorkspaceOneUem.Client
{
    /// <summary>
    /// A failed call to the UEM API. The message is written for a person: it names the operation,
    /// what the server said and what to do. Secrets never reach it.
    /// </summary>
    public sealed class Ws1ApiException : Exception
    {
        public Ws1ApiException(Ws1ErrorKind kind, string message, int? statusCode = null, int? errorCode = null,
            string? correlationId = null, Exception? inner = null)
            : base(message, inner)
        {
            Kind = kind;
            StatusCode = statusCode;
            ErrorCode = errorCode;
            CorrelationId = correlationId;
        }

        public Ws1ErrorKind Kind { get; }
        public int? StatusCode { get; }
        public int? ErrorCode { get; }
        public string? CorrelationId { get; }

        /// <summary>Set by the transport when the server asked us to wait (Retry-After).</summary>
        internal TimeSpan? RetryAfter { get; set; }

        /// <summary>True when the response proves the request was not processed (safe to resend a write).</summary>
        internal bool NotProcessed { get; set; }

        /// <summary>True when the failure may go away on its own (throttling, 5xx, network).</summary>
        internal bool Transient { get; set; }
    }
}
