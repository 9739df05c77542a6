using System;
using System.Net;

namespace WorkspaceOneUem.Client
{
    /// <summary>
    /// Turns what an admin types for -Server (a host, a URL, a URL ending in /API) into the API base URI.
    /// Plain http is accepted only for loopback hosts: credentials must not cross a network in clear text.
    /// </summary>
    public static class Ws1ServerAddress
    {
        public static Uri Parse(string server)
        {
            if (string.IsNullOrWhiteSpace(server))
                throw new ArgumentException("The server is empty. Give the API host, for example as1234.awmdm.com or https://as1234.awmdm.com.");
            string text = server.Trim();
            if (text.IndexOf("://", StringComparison.Ordinal) < 0)
                text = "https://" + text;
            if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) || string.IsNullOrEmpty(uri.Host))
                throw new ArgumentException($"'{server}' is not a host name or URL. Give the API host, for example as1234.awmdm.com or https://as1234.awmdm.com.");
            if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
                throw new ArgumentException($"'{server}' uses the scheme '{uri.Scheme}'. Use https://.");
            if (uri.Scheme == Uri.UriSchemeHttp && !IsLoopback(uri.Host))
                throw new ArgumentException($"'{server}' uses http://, which would send credentials in clear text. Use https:// (http is accepted only for loopback test servers).");
            if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
                throw new ArgumentException($"'{server}' carries a query or fragment. Give only the host or the base URL.");

            string path = uri.AbsolutePath.TrimEnd('/');
            if (!path.EndsWith("/api", StringComparison.OrdinalIgnoreCase))
                path += "/API";
            var builder = new UriBuilder(uri.Scheme, uri.Host, uri.Port, path + "/");
            return builder.Uri;
        }

        public static bool IsLoopback(string host)
        {
            if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
                return true;
            string bare = host.Trim('[', ']');
            return IPAddress.TryParse(bare, out IPAddress? address) && IPAddress.IsLoopback(address);
        }
    }
}
