using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;

namespace WorkspaceOneUem.Simulator;

/// <summary>The authenticated caller of one request.</summary>
internal sealed class Principal
{
    public string? Name;
    public string? Role;
    public bool IsOAuth;
    public required HashSet<string> Permissions;

    public bool HasAll(string[] required)
    {
        foreach (var p in required) if (!Permissions.Contains(p)) return false;
        return true;
    }
}

/// <summary>Admin accounts, roles, OAuth clients and issued tokens of one tenant.</summary>
internal sealed class AuthStore
{
    private const string Prefix = "An error occurred while validating remote service client credentials or user not found.";
    public const string TenantCodeMessage = Prefix + " The tenant code (API key) is not valid.";
    public const string CredentialsMessage = Prefix + " User credentials are invalid.";
    public const string NoApiAccessMessage = Prefix + " The admin account does not have API access.";
    public const string TokenMessage = Prefix + " The access token is invalid or expired.";
    public const string SignatureMessage = Prefix + " The certificate signature is not valid for this request.";
    public const string UnknownCertificateMessage = Prefix + " The certificate is not the API certificate of any admin.";
    public const string CertificateValidityMessage = Prefix + " The certificate has expired or is not yet valid.";

    /// <summary>The certificate scheme, with a backtick as most implementations send it (docs/api-behaviour.md §2).</summary>
    public const string CmsUrlScheme = "CMSURL`1";

    private readonly object _sync = new();
    private readonly SimulatorOptions _options;
    private readonly Dictionary<string, string[]> _roles = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<AdminAccount> _admins = new();
    private readonly List<OAuthClientAccount> _clients = new();
    private readonly ConcurrentDictionary<string, IssuedToken> _tokens = new(StringComparer.Ordinal);
    private long _tokensIssued;

    private sealed class IssuedToken
    {
        public string? ClientId;
        public string? Role;
        public DateTime ExpiresUtc;
    }

    public AuthStore(SimulatorOptions options)
    {
        _options = options;
        foreach (var kv in options.Roles) _roles[kv.Key] = kv.Value ?? Array.Empty<string>();
        _admins.AddRange(options.Admins);
        _clients.AddRange(options.OAuthClients);
    }

    public long TokensIssued => Interlocked.Read(ref _tokensIssued);

    public void SetRole(string name, string[] permissions)
    {
        lock (_sync) _roles[name] = permissions;
    }

    public void AddAdmin(AdminAccount admin)
    {
        lock (_sync)
        {
            _admins.RemoveAll(a => string.Equals(a.UserName, admin.UserName, StringComparison.OrdinalIgnoreCase));
            _admins.Add(admin);
        }
    }

    public List<AdminAccount> Admins() { lock (_sync) return _admins.ToList(); }
    public Dictionary<string, string[]> Roles() { lock (_sync) return new Dictionary<string, string[]>(_roles, StringComparer.OrdinalIgnoreCase); }

    public void ExpireAllTokens()
    {
        foreach (var t in _tokens.Values) t.ExpiresUtc = DateTime.MinValue;
    }

    private HashSet<string> PermissionsOf(string? role)
    {
        lock (_sync)
        {
            return role != null && _roles.TryGetValue(role, out var p) ? new HashSet<string>(p, StringComparer.Ordinal) : new HashSet<string>();
        }
    }

    private static bool HasAnyRestPermission(HashSet<string> permissions) =>
        permissions.Any(p => p.StartsWith("Api.Rest.", StringComparison.Ordinal));

    /// <summary>Authenticates an /api request; returns null on success (principal set) or the 401 to send.</summary>
    public ApiResult? Authenticate(HttpContext ctx, string correlationId, out Principal? principal)
    {
        principal = null;
        var authorization = ctx.Request.Headers.Authorization.ToString();
        if (string.IsNullOrWhiteSpace(authorization)) return ApiResult.Empty(401); // quirk: no body at all
        var tenantHeader = ctx.Request.Headers["aw-tenant-code"];
        bool tenantPresent = tenantHeader.Count > 0;
        bool tenantOk = tenantPresent && string.Equals(tenantHeader[0]?.Trim(), _options.TenantCode, StringComparison.Ordinal);
        ApiResult Fail(string message) => ApiResult.Error(401, ErrorCodes.Auth, message, correlationId);

        int space = authorization.IndexOf(' ');
        string scheme = space > 0 ? authorization[..space] : authorization;
        string credential = space > 0 ? authorization[(space + 1)..].Trim() : "";

        if (scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            if (tenantPresent && !tenantOk) return Fail(TenantCodeMessage);
            if (!_tokens.TryGetValue(credential, out var token) || token.ExpiresUtc <= DateTime.UtcNow) return Fail(TokenMessage);
            var perms = PermissionsOf(token.Role);
            if (!HasAnyRestPermission(perms)) return Fail(NoApiAccessMessage);
            principal = new Principal { Name = token.ClientId, Role = token.Role, IsOAuth = true, Permissions = perms };
            return null;
        }

        if (!tenantOk) return Fail(TenantCodeMessage);
        AdminAccount? admin;
        if (scheme.Equals(CmsUrlScheme, StringComparison.OrdinalIgnoreCase))
        {
            var refusal = VerifyCmsUrl(credential, RequestPath(ctx), out admin);
            if (refusal != null) return Fail(refusal);
        }
        else
        {
            if (!scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase) || !TryDecodeBasic(credential, out var user, out var password))
                return Fail(CredentialsMessage);
            lock (_sync) admin = _admins.FirstOrDefault(a => string.Equals(a.UserName, user, StringComparison.OrdinalIgnoreCase));
            if (admin == null || !string.Equals(admin.Password, password, StringComparison.Ordinal)) return Fail(CredentialsMessage);
        }
        var permissions = PermissionsOf(admin!.Role);
        if (admin.IsDirectory || !HasAnyRestPermission(permissions)) return Fail(NoApiAccessMessage);
        principal = new Principal { Name = admin.UserName, Role = admin.Role, Permissions = permissions };
        return null;
    }

    /// <summary>
    /// Checks a CMSURL`1 credential: a detached CMS SignedData whose signature verifies over the UTF-8 bytes of this
    /// request's path as sent, by a certificate it carries that is an admin's API certificate and valid now. Returns
    /// the refusal message, or null with the admin set.
    /// </summary>
    private string? VerifyCmsUrl(string credential, string path, out AdminAccount? admin)
    {
        admin = null;
        byte[] der;
        try
        {
            der = Convert.FromBase64String(credential);
        }
        catch (FormatException)
        {
            return SignatureMessage;
        }
        var cms = new SignedCms(new ContentInfo(Encoding.UTF8.GetBytes(path)), detached: true);
        try
        {
            cms.Decode(der);
        }
        catch (CryptographicException)
        {
            return SignatureMessage;
        }
        if (cms.SignerInfos.Count != 1 || cms.SignerInfos[0].Certificate is not { } signer) return SignatureMessage;
        try
        {
            // Over the path of this request: a signature of any other path (or of a query) fails here.
            cms.SignerInfos[0].CheckSignature(verifySignatureOnly: true);
        }
        catch (CryptographicException)
        {
            return SignatureMessage;
        }
        string hash = signer.GetCertHashString(HashAlgorithmName.SHA256);
        lock (_sync) admin = _admins.FirstOrDefault(a => a.Certificate != null && string.Equals(a.Certificate.GetCertHashString(HashAlgorithmName.SHA256), hash, StringComparison.Ordinal));
        if (admin == null) return UnknownCertificateMessage;
        var now = _options.Clock.GetUtcNow().UtcDateTime;
        if (now < signer.NotBefore.ToUniversalTime() || now > signer.NotAfter.ToUniversalTime()) return CertificateValidityMessage;
        return null;
    }

    /// <summary>The request's path as the client sent it (still escaped), without the query: what a CMSURL`1 signature covers.</summary>
    private static string RequestPath(HttpContext ctx)
    {
        string target = ctx.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (ctx.Request.PathBase + ctx.Request.Path).ToString();
        if (Uri.TryCreate(target, UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http", StringComparison.OrdinalIgnoreCase))
            return absolute.AbsolutePath; // absolute-form, as a forward proxy may pass it on
        int query = target.IndexOf('?');
        return query < 0 ? target : target[..query];
    }

    private static bool TryDecodeBasic(string value, [NotNullWhen(true)] out string? user, [NotNullWhen(true)] out string? password)
    {
        user = password = null;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(value));
            int colon = text.IndexOf(':');
            if (colon < 0) return false;
            user = text[..colon];
            password = text[(colon + 1)..];
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>POST /connect/token: OAuth 2.0 client credentials, id/secret in the form or as HTTP Basic.</summary>
    public ApiResult IssueToken(HttpContext ctx, byte[]? body)
    {
        var form = QueryHelpers.ParseQuery(body == null ? "" : Encoding.UTF8.GetString(body));
        string? Field(string name) => form.TryGetValue(name, out var v) && v.Count > 0 ? v[0] : null;
        ApiResult OAuthError(int status, string error) => ApiResult.Json(status, w =>
        {
            w.WriteStartObject();
            w.WriteString("error", error);
            w.WriteEndObject();
        }, 64);

        if (!string.Equals(Field("grant_type"), "client_credentials", StringComparison.Ordinal)) return OAuthError(400, "unsupported_grant_type");
        string? clientId = Field("client_id"), secret = Field("client_secret");
        var authorization = ctx.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase) && TryDecodeBasic(authorization[6..].Trim(), out var u, out var p))
        {
            clientId = Uri.UnescapeDataString(u);
            secret = Uri.UnescapeDataString(p);
        }
        OAuthClientAccount? client;
        lock (_sync) client = _clients.FirstOrDefault(c => string.Equals(c.ClientId, clientId, StringComparison.Ordinal));
        if (client == null || !string.Equals(client.ClientSecret, secret, StringComparison.Ordinal)) return OAuthError(401, "invalid_client");

        var tokenBytes = RandomNumberGenerator.GetBytes(32);
        var token = Convert.ToBase64String(tokenBytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        int lifetime = Math.Max(1, _options.TokenLifetimeSeconds);
        PruneExpired();
        _tokens[token] = new IssuedToken { ClientId = client.ClientId, Role = client.Role, ExpiresUtc = DateTime.UtcNow.AddSeconds(lifetime) };
        Interlocked.Increment(ref _tokensIssued);
        return ApiResult.Json(200, w =>
        {
            w.WriteStartObject();
            w.WriteString("access_token", token);
            w.WriteString("token_type", "Bearer");
            w.WriteNumber("expires_in", lifetime);
            w.WriteEndObject();
        }, 128);
    }

    /// <summary>The client id of a token request: from an HTTP Basic header, else from the form.</summary>
    public static string? ClientIdOf(HttpContext ctx, byte[]? body)
    {
        var authorization = ctx.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase) && TryDecodeBasic(authorization[6..].Trim(), out var u, out _))
            return Uri.UnescapeDataString(u);
        var form = QueryHelpers.ParseQuery(body == null ? "" : Encoding.UTF8.GetString(body));
        return form.TryGetValue("client_id", out var v) && v.Count > 0 ? v[0] : null;
    }

    public bool HasClient(string? clientId)
    {
        if (clientId == null) return false;
        lock (_sync) return _clients.Any(c => string.Equals(c.ClientId, clientId, StringComparison.Ordinal));
    }

    public bool KnowsToken(string? token) => token != null && _tokens.ContainsKey(token);

    private void PruneExpired()
    {
        if (_tokens.Count < 10000) return;
        var now = DateTime.UtcNow;
        foreach (var kv in _tokens) if (kv.Value.ExpiresUtc <= now) _tokens.TryRemove(kv.Key, out _);
    }
}
