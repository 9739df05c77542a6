using System;
using System.Globalization;
using Newtonsoft.Json;

namespace WorkspaceOneUem.Client.Json
{
    /// <summary>
    /// A record's values read from the token at the reader with the serializer's coercions; a value of the wrong kind
    /// is an error that names the property. Null tokens never get here: the callers skip them.
    /// </summary>
    internal static class JsonValues
    {
        /// <summary>true or false, also from text ("true") or a number (non-zero); empty text is no value.</summary>
        public static bool? Flag(JsonReader reader, string name)
        {
            switch (reader.TokenType)
            {
                case JsonToken.Boolean:
                    return (bool)reader.Value!;
                case JsonToken.Integer:
                    return !(reader.Value is long number) || number != 0; // past 64 bits (a BigInteger) it is not zero either
                case JsonToken.String:
                    string text = (string)reader.Value!;
                    if (text.Length == 0)
                        return null;
                    if (bool.TryParse(text, out bool flag))
                        return flag;
                    throw new JsonSerializationException($"'{name}' is \"{text}\" where true or false belongs.");
                default:
                    throw Misplaced(reader, name, "true or false");
            }
        }

        /// <summary>A whole number, also from text ("1"); empty text is no value.</summary>
        public static int? Number(JsonReader reader, string name)
        {
            switch (reader.TokenType)
            {
                case JsonToken.Integer:
                case JsonToken.Float:
                case JsonToken.String:
                    string? text = Convert.ToString(reader.Value, CultureInfo.InvariantCulture);
                    if (string.IsNullOrEmpty(text))
                        return null;
                    if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int number))
                        return number;
                    throw new JsonSerializationException($"'{name}' is \"{text}\" where a whole number belongs.");
                default:
                    throw Misplaced(reader, name, "a number");
            }
        }

        /// <summary>Text: strings as they are; numbers and booleans as the serializer turns them into text.</summary>
        public static string Text(JsonReader reader, string name)
        {
            switch (reader.TokenType)
            {
                case JsonToken.String:
                    return (string)reader.Value!;
                case JsonToken.Integer:
                case JsonToken.Float:
                case JsonToken.Boolean:
                    return Convert.ToString(reader.Value, CultureInfo.InvariantCulture)!;
                default:
                    throw Misplaced(reader, name, "text");
            }
        }

        private static JsonSerializationException Misplaced(JsonReader reader, string name, string expected) =>
            new JsonSerializationException($"'{name}' is {JsonTokens.Describe(reader.TokenType)} where {expected} belongs.");
    }
}
