using System;

namespace WorkspaceOneUem.Client
{
    /// <summary>Checks what an admin gives for -Proxy: the absolute http or https address of a forward proxy.</summary>
    public static class Ws1ProxyAddress
    {
        /// <summary>The proxy as scheme, host and port; an <see cref="ArgumentException"/> that says what to give otherwise.</summary>
        public static Uri Parse(Uri proxy)
        {
            if (proxy == null)
                throw new ArgumentNullException(nameof(proxy));
            if (proxy.IsAbsoluteUri && !string.IsNullOrEmpty(proxy.UserInfo))
            {
                // The address is shown by Get-Ws1UemConnection and in messages: a password in it would be too, so
                // neither the message nor anything else repeats what was given.
                throw new ArgumentException($"-Proxy carries a user name or password in the address ({proxy.Scheme}://...@{proxy.Authority}). Give the address alone and the account with -ProxyCredential, or use -ProxyUseDefaultCredentials.");
            }
            string given = proxy.OriginalString;
            string example = given.IndexOf("://", StringComparison.Ordinal) < 0 && given.Trim().Length > 0
                ? $"http://{given.Trim()}"
                : "http://proxy.contoso.com:8080";
            if (!proxy.IsAbsoluteUri || string.IsNullOrEmpty(proxy.Host))
                throw new ArgumentException($"-Proxy '{given}' is not an absolute URL. Give the proxy's scheme, host and port, for example {example}.");
            if (proxy.Scheme != Uri.UriSchemeHttp && proxy.Scheme != Uri.UriSchemeHttps)
                throw new ArgumentException($"-Proxy '{given}' uses the scheme '{proxy.Scheme}'; a proxy is given as http:// or https://, for example {example}.");
            if (proxy.AbsolutePath != "/" || !string.IsNullOrEmpty(proxy.Query) || !string.IsNullOrEmpty(proxy.Fragment))
                throw new ArgumentException($"-Proxy '{given}' has a path or query. A proxy is addressed by scheme, host and port only, for example {proxy.Scheme}://{proxy.Authority}.");
            return new UriBuilder(proxy.Scheme, proxy.Host, proxy.Port).Uri;
        }
    }
}
