using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using WorkspaceOneUem.Client.Dtos;
using WorkspaceOneUem.Client.Http;

namespace WorkspaceOneUem.Client
{
    /// <summary>A call Invoke-Ws1UemRequest makes: any method and path under the API base.</summary>
    public sealed class Ws1RawRequest
    {
        /// <summary>GET, POST, PUT, PATCH or DELETE.</summary>
        public string Method { get; set; } = "GET";

        /// <summary>Relative to the API base ("system/users/search"); see <see cref="RawApi.RelativePath"/>.</summary>
        public string? Path { get; set; }

        /// <summary>Query parameters, sent percent-encoded after any query the path has.</summary>
        public IList<KeyValuePair<string, string>> Query { get; } = new List<KeyValuePair<string, string>>();

        /// <summary>
        /// The body: a string is sent as it is (it must be JSON); anything else is plain data (dictionaries, lists,
        /// strings, numbers, booleans, dates, null) turned into JSON.
        /// </summary>
        public object? Body { get; set; }

        public int ApiVersion { get; set; } = 1;
    }

    /// <summary>
    /// Any API call through the session: its authentication, pacing, retries (a write only when provably not
    /// processed), errors and 403 explanation. Answers come back as plain data: an <see cref="OrderedDictionary"/>
    /// per JSON object, a list per array, and strings, longs, doubles, booleans and null; dates stay strings.
    /// </summary>
    public sealed class RawApi
    {
        private static readonly string[] Methods = { "GET", "POST", "PUT", "PATCH", "DELETE" };

        private readonly Ws1Session _session;
        private readonly Ws1Transport _transport;

        internal RawApi(Ws1Session session, Ws1Transport transport)
        {
            _session = session;
            _transport = transport;
        }

        /// <summary>Sends the call once through the session's policy; null for 204 or an empty body.</summary>
        public async Task<object?> SendAsync(Ws1RawRequest raw, CancellationToken ct)
        {
            ApiRequest request = Build(raw, out _);
            JToken? answer = await _transport.SendAsync(request, reader => JToken.ReadFrom(reader), ct).ConfigureAwait(false);
            return ToPlain(answer);
        }

        /// <summary>
        /// Every record of a search-shaped GET (an object whose first list holds the records, with Page, PageSize and
        /// Total beside it), page after page through the paging core; page and pagesize are set here.
        /// </summary>
        public async IAsyncEnumerable<object?> ReadAllAsync(Ws1RawRequest raw, [EnumeratorCancellation] CancellationToken ct)
        {
            if (raw == null)
                throw new ArgumentNullException(nameof(raw));
            if (!string.Equals(raw.Method, "GET", StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException("Only a GET can be read page after page (-All).");
            Build(raw, out string path);
            var query = new QueryString();
            foreach (KeyValuePair<string, string> pair in raw.Query)
            {
                if (!IsPagingName(pair.Key))
                    query.Add(pair.Key, pair.Value);
            }
            long unnamed = 0;
            Func<JToken, long> idOf = record => RecordId(record) ?? --unnamed;
            await foreach (JToken record in PagedSearch.ReadAsync<RawSearchPage, JToken>(_transport, path, query, Ws1Action.RawRequest,
                               $"GET {path} on {_session.AccountName}", idOf, _session.PageConcurrency, ct).ConfigureAwait(false))
            {
                yield return ToPlain(record);
            }
        }

        /// <summary>
        /// The path relative to <paramref name="apiBase"/>: "system/users", "/system/users" and "/API/system/users" all
        /// name the same call, and a full URL is taken when it lies under the API base. Anything else (another host,
        /// another scheme or port, "..") is refused: the session's credentials go to its own API and nowhere else.
        /// </summary>
        public static string RelativePath(Uri apiBase, string? path)
        {
            if (apiBase == null)
                throw new ArgumentNullException(nameof(apiBase));
            string text = (path ?? string.Empty).Trim();
            if (text.Length == 0)
                throw new ArgumentException("The path is empty. Give a path under the API, for example 'system/users/search'.");
            if (text.IndexOf('\\') >= 0)
                throw new ArgumentException($"The path '{text}' has a backslash; API paths use '/', for example 'system/users/search'.");
            string basePath = apiBase.GetLeftPart(UriPartial.Path);
            if (text.StartsWith("//", StringComparison.Ordinal) || text.IndexOf("://", StringComparison.Ordinal) >= 0)
            {
                if (!text.StartsWith(basePath, StringComparison.OrdinalIgnoreCase))
                    throw new ArgumentException(
                        $"'{Shorten(text)}' is not under this session's API ({basePath}). Invoke-Ws1UemRequest sends the session's credentials only to its own API: give a path relative to it, such as 'system/users/search', or connect to the other server.");
                text = text.Substring(basePath.Length);
            }
            text = text.TrimStart('/');
            // The base ends with its API segment ("/API/"); a path that repeats it ("/api/system/...") means the same call.
            string apiSegment = apiBase.AbsolutePath.TrimEnd('/');
            apiSegment = apiSegment.Substring(apiSegment.LastIndexOf('/') + 1) + "/";
            if (apiSegment.Length > 1 && text.StartsWith(apiSegment, StringComparison.OrdinalIgnoreCase))
                text = text.Substring(apiSegment.Length);
            int queryAt = text.IndexOf('?');
            string pathPart = queryAt < 0 ? text : text.Substring(0, queryAt);
            // path is not null here: a null one was refused as empty above.
            if (pathPart.Split('/').Any(segment => segment == ".." || segment == "." || string.Equals(Uri.UnescapeDataString(segment), "..", StringComparison.Ordinal)))
                throw new ArgumentException($"The path '{Shorten(path!)}' has a '.' or '..' segment; give the path under the API as it is, for example 'system/users/search'.");
            if (pathPart.Length == 0)
                throw new ArgumentException("The path names the API itself, not an operation. Give one, for example 'system/users/search'.");
            return text;
        }

        private ApiRequest Build(Ws1RawRequest raw, out string path)
        {
            if (raw == null)
                throw new ArgumentNullException(nameof(raw));
            string method = (raw.Method ?? "GET").Trim().ToUpperInvariant();
            if (!Methods.Contains(method))
                throw new ArgumentException($"'{raw.Method}' is not a method the API uses; give one of {string.Join(", ", Methods)}.");
            if (raw.ApiVersion < 1)
                throw new ArgumentException($"API version {raw.ApiVersion} does not exist; versions start at 1.");
            path = RelativePath(_session.ApiBaseUri, raw.Path);
            var query = new QueryString();
            foreach (KeyValuePair<string, string> pair in raw.Query)
                query.Add(pair.Key, pair.Value);
            string target = query.AppendTo(path);
            var request = new ApiRequest(new HttpMethod(method), target, Ws1Action.RawRequest, $"{method} {path} on {_session.AccountName}")
            {
                ApiVersion = raw.ApiVersion,
                EmptyBodyAllowed = true,
                JsonBody = BodyText(raw.Body),
            };
            if (request.JsonBody != null && method == "GET")
                throw new ArgumentException("A GET carries no body; give its parameters as the query instead.");
            return request;
        }

        private static string? BodyText(object? body)
        {
            if (body == null)
                return null;
            if (body is string text)
            {
                try
                {
                    JToken.Parse(text);
                }
                catch (JsonException ex)
                {
                    throw new ArgumentException($"The body is a string but not JSON ({ex.Message}). Give JSON text, or an object (a hashtable, a [pscustomobject]) to be turned into JSON.", ex);
                }
                return text;
            }
            return JToken.FromObject(body, JsonSerializer.CreateDefault(new JsonSerializerSettings { DateFormatHandling = DateFormatHandling.IsoDateFormat }))
                .ToString(Formatting.None);
        }

        private static bool IsPagingName(string name) =>
            string.Equals(name, "page", StringComparison.OrdinalIgnoreCase) || string.Equals(name, "pagesize", StringComparison.OrdinalIgnoreCase);

        /// <summary>A record's id, v1's {"Value": n} or a plain number; null when it has none, so it is never taken for a repeat.</summary>
        private static long? RecordId(JToken record)
        {
            JToken? id = (record as JObject)?.GetValue("Id", StringComparison.OrdinalIgnoreCase);
            if (id is JObject wrapped)
                id = wrapped.GetValue("Value", StringComparison.OrdinalIgnoreCase);
            if (id == null || (id.Type != JTokenType.Integer && id.Type != JTokenType.String))
                return null;
            return long.TryParse(id.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long value) && value > 0 ? value : (long?)null;
        }

        /// <summary>JSON as plain data: objects keep their property order, numbers stay integers where they are.</summary>
        internal static object? ToPlain(JToken? token)
        {
            switch (token)
            {
                case null:
                    return null;
                case JObject obj:
                    var dictionary = new OrderedDictionary(StringComparer.OrdinalIgnoreCase);
                    foreach (JProperty property in obj.Properties())
                        dictionary[property.Name] = ToPlain(property.Value);
                    return dictionary;
                case JArray array:
                    return array.Select(ToPlain).ToList();
                case JValue value:
                    switch (value.Type)
                    {
                        case JTokenType.Null:
                        case JTokenType.Undefined:
                            return null;
                        case JTokenType.Integer:
                            return value.Value is long || value.Value is int ? Convert.ToInt64(value.Value, CultureInfo.InvariantCulture) : value.Value;
                        default:
                            return value.Value;
                    }
                default:
                    return token.ToString();
            }
        }

        private static string Shorten(string text) => text.Length <= 200 ? text : text.Substring(0, 200) + "...";

        /// <summary>A page of an unknown search: the records are the first list in the answer, beside its paging fields.</summary>
        [JsonConverter(typeof(RawSearchPageConverter))]
        internal sealed class RawSearchPage : ISearchPage<JToken>
        {
            [JsonProperty("records")] public List<JToken>? Items { get; set; }
            public int PageSize { get; set; }
            public int Total { get; set; }
        }

        private sealed class RawSearchPageConverter : JsonConverter
        {
            public override bool CanConvert(Type objectType) => objectType == typeof(RawSearchPage);

            public override bool CanWrite => false;

            public override void WriteJson(JsonWriter writer, object? value, JsonSerializer serializer) => throw new NotSupportedException();

            public override object? ReadJson(JsonReader reader, Type objectType, object? existingValue, JsonSerializer serializer)
            {
                JObject page = JObject.Load(reader);
                JProperty? list = page.Properties().FirstOrDefault(p => p.Value.Type == JTokenType.Array);
                if (list == null)
                    throw new ResponseShapeException("has no list of records, so it is not a page of a search (run it without -All to see the answer)");
                return new RawSearchPage
                {
                    Items = ((JArray)list.Value).ToList(),
                    PageSize = Number(page, "PageSize", "page_size", "pageSize"),
                    Total = Number(page, "Total", "TotalResults", "total", "total_results"),
                };
            }

            private static int Number(JObject page, params string[] names)
            {
                foreach (string name in names)
                {
                    JToken? value = page.GetValue(name, StringComparison.OrdinalIgnoreCase);
                    if (value != null && (value.Type == JTokenType.Integer || value.Type == JTokenType.String)
                        && int.TryParse(value.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int n))
                        return n;
                }
                return 0;
            }
        }
    }
}
