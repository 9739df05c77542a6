using System;
using System.Globalization;
using Newtonsoft.Json;

namespace WorkspaceOneUem.Client.Json
{
    /// <summary>
    /// v1 dates carry no zone ("2018-03-15T08:08:09.460"): read them as DateTimeKind.Unspecified rather than
    /// guess one. A date that does carry a zone keeps it (as UTC). Empty or unreadable dates become null.
    /// </summary>
    internal sealed class ZonelessDateConverter : JsonConverter<DateTime?>
    {
        public override DateTime? ReadJson(JsonReader reader, Type objectType, DateTime? existingValue, bool hasExistingValue, JsonSerializer serializer) =>
            ReadDate(reader);

        /// <summary>The date at the reader; null for null, empty or unreadable values.</summary>
        internal static DateTime? ReadDate(JsonReader reader)
        {
            switch (reader.TokenType)
            {
                case JsonToken.Date:
                    return (DateTime)reader.Value!; // a Date token always carries its DateTime
                case JsonToken.String:
                    return Parse((string?)reader.Value);
                case JsonToken.Null:
                    return null;
                default:
                    reader.Skip();
                    return null;
            }
        }

        public override void WriteJson(JsonWriter writer, DateTime? value, JsonSerializer serializer)
        {
            if (value.HasValue)
                writer.WriteValue(value.Value.ToString("yyyy-MM-ddTHH:mm:ss.fff", CultureInfo.InvariantCulture));
            else
                writer.WriteNull();
        }

        internal static DateTime? Parse(string? text)
        {
            if (text == null || string.IsNullOrWhiteSpace(text))
                return null;
            if (!DateTime.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out DateTime value))
                return null;
            if (value.Kind == DateTimeKind.Local)
                value = value.ToUniversalTime();
            return value == DateTime.MinValue ? (DateTime?)null : value;
        }
    }
}
