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

        // The admin's certificate for certificate (CMS) authentication. CertificateInvalid above is the server's TLS certificate.

        /// <summary>-CertificatePath names no file.</summary>
        CertificateFileNotFound,

        /// <summary>The file is not a PKCS#12 (.p12, .pfx) file, or could not be read.</summary>
        CertificateUnreadable,

        /// <summary>The PKCS#12 file did not open with the password given (or without one).</summary>
        CertificatePasswordInvalid,

        /// <summary>The certificate comes without its private key, so it cannot sign.</summary>
        CertificateNoPrivateKey,

        /// <summary>The certificate's validity has ended; checked before each request is signed.</summary>
        CertificateExpired,

        /// <summary>The certificate's validity has not begun yet (or this machine's clock is behind).</summary>
        CertificateNotYetValid,

        /// <summary>The private key could not sign (no access to it, a PIN or smart card needed, a kind of key that cannot sign).</summary>
        CertificateUnusable,

        /// <summary>The tenant refused the certificate's signature (401).</summary>
        CertificateRejected,
        /// <summary>A change to a user group synced from a directory, refused before it was sent: change it in the directory.</summary>
        DirectorySyncedGroup,
    }
}
