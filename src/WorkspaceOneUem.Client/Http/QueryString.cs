using System;
using System.Collections.Generic;
using System.Text;

namespace WorkspaceOneUem.Client.Http
{
    /// <summary>Builds a query with every value percent-encoded (emails with '+', '&amp;', apostrophes, unicode).</summary>
    internal sealed class QueryString
    {
        private readonly List<KeyValuePair<string, string>> _pairs = new List<KeyValuePair<string, string>>();

        public QueryString Add(string name, string? value)
        {
            if (value is { Length: > 0 })
                _pairs.Add(new KeyValuePair<string, string>(name, value));
            return this;
        }

        public QueryString Add(string name, long? value) =>
            value.HasValue ? Add(name, value.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)) : this;

        public QueryString Copy()
        {
            var copy = new QueryString();
            copy._pairs.AddRange(_pairs);
            return copy;
        }

        public string AppendTo(string path)
        {
            if (_pairs.Count == 0)
                return path;
            var sb = new StringBuilder(path);
            sb.Append(path.IndexOf('?') >= 0 ? '&' : '?');
            for (int i = 0; i < _pairs.Count; i++)
            {
                if (i > 0)
                    sb.Append('&');
                sb.Append(Uri.EscapeDataString(_pairs[i].Key)).Append('=').Append(Escape(_pairs[i].Value));
            }
            return sb.ToString();
        }

        // EscapeDataString leaves RFC 3986 sub-delimiters such as ' ( ) * ! alone on some frameworks;
        // encode them too so every runtime sends the same bytes.
        private static string Escape(string value) => Uri.EscapeDataString(value)
            .Replace("'", "%27").Replace("(", "%28").Replace(")", "%29").Replace("*", "%2A").Replace("!", "%21");
    }
}
