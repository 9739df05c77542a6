namespace WorkspaceOneUem.Client
{
    /// <summary>What went wrong with a call, in terms a caller can act on.</summary>
    public enum Ws1ErrorKind
    {
        Unknown,
        InvalidApiKey,
        InvalidCredentials,
        NoApiAccess,
        TokenRejected,
        Unauthorized,
        PermissionDenied,
        NotFound,
        BadRequest,
        AlreadyExists,
        Throttled,
        QuotaExhausted,
        ServerError,
        Timeout,
        ConnectionFailed,
        HtmlResponse,
        EmptyResponse,
        MalformedResponse,
        OutcomeUnknown,

        /// <summary>A value longer than the API takes (see <see cref="Ws1Limits"/>), refused before it was sent.</summary>
        ValueTooLong,
        ResponseTooLarge,
        UnexpectedShape,
        Redirected,
        XmlResponse,
        CertificateInvalid,

        /// <summary>The session was closed while a call was using it.</summary>
        ConnectionClosed,

        /// <summary>A proxy on the way answered 407: it wants credentials, or refused the ones given.</summary>
        ProxyAuthenticationRequired,

        /// <summary>A change to a user group synced from a directory, refused before it was sent: change it in the directory.</summary>
        DirectorySyncedGroup,
    }
}
