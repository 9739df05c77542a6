using System.Globalization;
using Newtonsoft.Json;

namespace WorkspaceOneUem.Client.Json
{
    internal static class Ws1Json
    {
        /// <summary>One serializer for the client: dates as they come (no zone), no type handling.</summary>
        public static readonly JsonSerializer Serializer = JsonSerializer.Create(new JsonSerializerSettings
        {
            DateParseHandling = DateParseHandling.None,
            Culture = CultureInfo.InvariantCulture,
            NullValueHandling = NullValueHandling.Ignore,
            MissingMemberHandling = MissingMemberHandling.Ignore,
            TypeNameHandling = TypeNameHandling.None,
            MaxDepth = 64,
        });
    }
}
