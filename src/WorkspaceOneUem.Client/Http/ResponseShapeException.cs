using System;

namespace WorkspaceOneUem.Client.Http
{
    /// <summary>
    /// A 2xx answer that is valid JSON but not what the operation needs (no records list, a record without its id,
    /// null). Thrown while parsing, so the transport reports it with the request and its correlation id and the
    /// retry policy treats it like a malformed answer; never read as "no records".
    /// </summary>
    internal sealed class ResponseShapeException : Exception
    {
        /// <param name="problem">What is wrong, to follow "The server's answer to 'X' (status N) ", e.g. "has no 'Users' list".</param>
        public ResponseShapeException(string problem)
            : base(problem)
        {
        }
    }
}
