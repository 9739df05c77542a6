using System;
using System.Globalization;
using Newtonsoft.Json;

namespace WorkspaceOneUem.Client.Json
{
    /// <summary>v1 ids come as {"Value": n}; v2 as a plain number. Both read as a long.</summary>
    internal sealed class ValueIdConverter : JsonConverter<long>
    {
        public override long ReadJson(JsonReader reader, Type objectType, long existingValue, bool hasExistingValue, JsonSerializer serializer) =>
            ReadId(reader);

        /// <summary>The id at the reader: {"Value": n}, or a number or text holding one.</summary>
        internal static long ReadId(JsonReader reader)
        {
            if (reader.TokenType == JsonToken.StartObject)
            {
                long value = 0;
                while (reader.Read() && reader.TokenType != JsonToken.EndObject)
                {
                    if (reader.TokenType == JsonToken.PropertyName && string.Equals((string?)reader.Value, "Value", StringComparison.OrdinalIgnoreCase))
                    {
                        reader.Read();
                        value = LenientNumberConverter.ToLong(reader);
                    }
                    else if (reader.TokenType == JsonToken.PropertyName)
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }
                return value;
            }
            return LenientNumberConverter.ToLong(reader);
        }

        public override void WriteJson(JsonWriter writer, long value, JsonSerializer serializer)
        {
            writer.WriteStartObject();
            writer.WritePropertyName("Value");
            writer.WriteValue(value);
            writer.WriteEndObject();
        }
    }

    /// <summary>v1 counts and group ids are strings holding numbers ("12"); read them as numbers.</summary>
    internal sealed class LenientNumberConverter : JsonConverter<long>
    {
        public override long ReadJson(JsonReader reader, Type objectType, long existingValue, bool hasExistingValue, JsonSerializer serializer)
            => ToLong(reader);

        public override void WriteJson(JsonWriter writer, long value, JsonSerializer serializer)
            => writer.WriteValue(value.ToString(CultureInfo.InvariantCulture));

        internal static long ToLong(JsonReader reader)
        {
            switch (reader.TokenType)
            {
                case JsonToken.Integer:
                    // Past 64 bits the reader hands a BigInteger: no id or count the API sends, and no cast to make.
                    return reader.Value is long whole ? whole
                        : throw new JsonSerializationException($"The number {reader.Value} at '{reader.Path}' is too large for an id or a count.");
                case JsonToken.Float:
                    return (long)Convert.ToDouble(reader.Value, CultureInfo.InvariantCulture);
                case JsonToken.String:
                    string? text = (string?)reader.Value;
                    return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) ? n : 0;
                case JsonToken.Null:
                    return 0;
                default:
                    reader.Skip();
                    return 0;
            }
        }
    }

    /// <summary>A nested {"Id":{"Value":n},"Uuid":"..","Name":".."} reference (device owner, device group).</summary>
    internal sealed class EntityReference
    {
        public long Id { get; set; }
        public string? Uuid { get; set; }
        public string? Name { get; set; }
    }
}
