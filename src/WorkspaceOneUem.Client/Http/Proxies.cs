using System;
using System.Net;
using System.Net.Http;

namespace WorkspaceOneUem.Client.Http
{
    /// <summary>
    /// The connection's proxy, and its 407 said in the module's terms: which proxy, what it refused, and which
    /// parameter gives it credentials. Plain http calls get the 407 as a response; https calls get it when the
    /// proxy refuses the CONNECT tunnel, which the platform reports only as a failed request.
    /// </summary>
    internal static class Proxies
    {
        public const int Status = 407;

        /// <summary>How this connection's proxy is configured: the WebProxy the handler uses, or null for the system proxy.</summary>
        public static IWebProxy? For(Ws1ConnectionSettings settings)
        {
            if (settings.Proxy == null)
                return null;
            // Invoke-RestMethod does the same: an explicitly named proxy is used for every address, loopback included.
            var proxy = new WebProxy(settings.Proxy) { BypassProxyOnLocal = false };
            if (settings.ProxyUserName != null)
            {
                string user = settings.ProxyUserName;
                string domain = string.Empty;
                int slash = user.IndexOf('\\');
                if (slash > 0)
                {
                    // As PSCredential.GetNetworkCredential splits it: NTLM and Negotiate need the domain apart.
                    domain = user.Substring(0, slash);
                    user = user.Substring(slash + 1);
                }
                proxy.Credentials = new NetworkCredential(user, settings.ProxyPassword, domain);
            }
            else if (settings.ProxyUseDefaultCredentials)
            {
                proxy.UseDefaultCredentials = true;
            }
            return proxy;
        }

        /// <summary>True when an https call failed because the proxy answered its CONNECT with 407.</summary>
        public static bool IsTunnelRefusal(HttpRequestException ex)
        {
            for (Exception? e = ex; e != null; e = e.InnerException)
            {
#if NETSTANDARD2_0
                // .NET Framework's handler keeps the proxy's answer on the WebException it wraps.
                if (e is WebException web && web.Response is HttpWebResponse response && (int)response.StatusCode == Status)
                    return true;
#else
                if (e is HttpRequestException http)
                {
                    if ((int?)http.StatusCode == Status)
                        return true;
                    // The tunnel error carries the proxy's status only in its text ("... failed with status code '407'.").
                    if (http.HttpRequestError == HttpRequestError.ProxyTunnelError
                        && http.Message.IndexOf("'" + Status + "'", StringComparison.Ordinal) >= 0)
                        return true;
                }
#endif
            }
            return false;
        }

        /// <param name="what">The call the proxy did not pass on, as a person would name it.</param>
        /// <param name="target">Where the call was going.</param>
        public static Ws1ApiException Refused(Ws1ConnectionSettings settings, string what, Uri target, Exception? inner = null)
        {
            string to = target.GetLeftPart(UriPartial.Authority);
            string message;
            if (settings.Proxy == null)
            {
                Uri? system = SystemProxyFor(target);
                string? address = system?.GetLeftPart(UriPartial.Authority);
                message = $"The system proxy{(address != null ? " " + address : string.Empty)} asked for credentials (407 Proxy Authentication Required) and did not pass on '{what}' to {to}. "
                    + $"The system proxy is used without credentials: connect again with -Proxy {address ?? "<the proxy's address>"} and -ProxyCredential (the proxy account's user name and password) or -ProxyUseDefaultCredentials (the signed-in Windows account).";
            }
            else
            {
                string proxy = settings.Proxy.GetLeftPart(UriPartial.Authority);
                if (settings.ProxyUserName != null)
                    message = $"The proxy {proxy} refused the credentials of '{settings.ProxyUserName}' (-ProxyCredential) and did not pass on '{what}' to {to} (407 Proxy Authentication Required). "
                        + "Check the user name (DOMAIN\\user when the proxy wants a Windows account) and the password, or use -ProxyUseDefaultCredentials to sign in as the current Windows account.";
                else if (settings.ProxyUseDefaultCredentials)
                    message = $"The proxy {proxy} refused the signed-in account's credentials (-ProxyUseDefaultCredentials) and did not pass on '{what}' to {to} (407 Proxy Authentication Required). "
                        + "Check that this account may use the proxy (on Linux and macOS it needs a Kerberos ticket), or give the proxy account with -ProxyCredential.";
                else
                    message = $"The proxy {proxy} asked for credentials (407 Proxy Authentication Required) and did not pass on '{what}' to {to}. "
                        + $"Connect again with -Proxy {proxy} and -ProxyCredential (the proxy account's user name and password) or -ProxyUseDefaultCredentials (the signed-in Windows account).";
            }
            // The proxy refused before forwarding anything: the call was not processed, and asking again cannot help.
            return new Ws1ApiException(Ws1ErrorKind.ProxyAuthenticationRequired, message, Status, inner: inner) { NotProcessed = true };
        }

        /// <summary>The system proxy's address for <paramref name="target"/>, when the platform can tell it.</summary>
        private static Uri? SystemProxyFor(Uri target)
        {
            try
            {
#if NETSTANDARD2_0
                IWebProxy? system = WebRequest.DefaultWebProxy;
#else
                IWebProxy system = HttpClient.DefaultProxy;
#endif
                if (system == null || system.IsBypassed(target))
                    return null;
                Uri? proxy = system.GetProxy(target);
                return proxy == null || proxy == target ? null : proxy;
            }
            catch (Exception ex) when (ex is InvalidOperationException || ex is NotSupportedException || ex is WebException || ex is UriFormatException)
            {
                // Only a nicer message is lost: the advice names "<the proxy's address>" instead.
                return null;
            }
        }
    }
}
