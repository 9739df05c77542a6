using Newtonsoft.Json;

namespace WorkspaceOneUem.Client.Json
{
    /// <summary>JSON tokens in words, for messages about an answer of the wrong shape.</summary>
    internal static class JsonTokens
    {
        public static string Describe(JsonToken token)
        {
            switch (token)
            {
                case JsonToken.Null:
                    return "null";
                case JsonToken.StartArray:
                    return "a list";
                case JsonToken.StartObject:
                    return "an object";
                case JsonToken.String:
                    return "a string";
                case JsonToken.Integer:
                case JsonToken.Float:
                    return "a number";
                case JsonToken.Boolean:
                    return "a boolean";
                default:
                    return token.ToString().ToLowerInvariant();
            }
        }
    }
}
