using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace WorkspaceOneUem.Simulator;

/// <summary>
/// The tenants one server hosts. Like one SaaS API host (asNNN) that serves many customers, the server tells
/// tenants apart by the REST API key in <c>aw-tenant-code</c>, by the bearer token a tenant issued, and, at the
/// token endpoint, by the OAuth client id. A call that names no known tenant goes to the first one, which
/// refuses it as the real service does (wrong tenant code, unknown token or client).
/// </summary>
internal sealed class Tenants
{
    private readonly SimulatorState[] _all;

    public Tenants(IReadOnlyList<SimulatorState> all)
    {
        if (all.Count == 0) throw new ArgumentException("A server needs at least one tenant.", nameof(all));
        var codes = new HashSet<string>(StringComparer.Ordinal);
        var clients = new HashSet<string?>(StringComparer.Ordinal);
        foreach (var t in all)
        {
            if (!codes.Add(t.Options.TenantCode)) throw new ArgumentException($"Two tenants share the tenant code '{t.Options.TenantCode}'.", nameof(all));
            foreach (var c in t.Options.OAuthClients)
                if (!clients.Add(c.ClientId)) throw new ArgumentException($"Two tenants share the OAuth client '{c.ClientId}'.", nameof(all));
        }
        _all = all.ToArray();
    }

    public SimulatorState First => _all[0];

    public IReadOnlyList<SimulatorState> All => _all;

    /// <summary>The control path acts on the tenant named by <c>?tenant=&lt;tenant code&gt;</c>, else the first.</summary>
    public SimulatorState ForControl(HttpContext ctx) => ByCode(ctx.Request.Query["tenant"].ToString()) ?? First;

    public SimulatorState ForApiCall(HttpContext ctx)
    {
        if (_all.Length == 1) return First;
        var byCode = ByCode(ctx.Request.Headers["aw-tenant-code"].ToString().Trim());
        if (byCode != null) return byCode;
        var authorization = ctx.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            string token = authorization[7..].Trim();
            foreach (var t in _all)
                if (t.Auth.KnowsToken(token)) return t;
        }
        return First;
    }

    public SimulatorState ForTokenRequest(HttpContext ctx, byte[]? body)
    {
        if (_all.Length == 1) return First;
        string? clientId = AuthStore.ClientIdOf(ctx, body);
        foreach (var t in _all)
            if (t.Auth.HasClient(clientId)) return t;
        return First;
    }

    private SimulatorState? ByCode(string code)
    {
        if (string.IsNullOrEmpty(code)) return null;
        foreach (var t in _all)
            if (string.Equals(t.Options.TenantCode, code, StringComparison.Ordinal)) return t;
        return null;
    }
}
