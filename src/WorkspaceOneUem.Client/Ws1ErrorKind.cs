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
        ResponseTooLarge,
        UnexpectedShape,
        Redirected,
        XmlResponse,
        CertificateInvalid,
    }
}
