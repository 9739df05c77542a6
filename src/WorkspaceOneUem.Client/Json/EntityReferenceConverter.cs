using System;
using Newtonsoft.Json;

namespace WorkspaceOneUem.Client.Json
{
    /// <summary>
    /// Reads a nested reference {"Id":{"Value":n},"Uuid":..,"Name":..}; some payloads send only the number
    /// (or a string holding it), which becomes a reference with just the id.
    /// </summary>
    internal sealed class EntityReferenceConverter : JsonConverter<EntityReference>
    {
        /// <summary>The fields read, named as the wire names them (matched ignoring case); <see cref="Utf8Pages"/> reads the same.</summary>
        internal enum Field
        {
            Id, Uuid, Name,
        }

        private static readonly PropertyTable<EntityReference> Properties = new PropertyTable<EntityReference>("reference")
            .Value(nameof(Field.Id), ValueIdConverter.ReadId, (r, v) => r.Id = v)
            .Text(nameof(Field.Uuid), (r, v) => r.Uuid = v)
            .Text(nameof(Field.Name), (r, v) => r.Name = v);

        public override EntityReference? ReadJson(JsonReader reader, Type objectType, EntityReference? existingValue, bool hasExistingValue, JsonSerializer serializer) =>
            Read(reader);

        /// <summary>The reference at the reader: an object, or a bare id; null for a JSON null.</summary>
        internal static EntityReference? Read(JsonReader reader) =>
            reader.TokenType == JsonToken.StartObject || reader.TokenType == JsonToken.Null
                ? Properties.Read(reader)
                : new EntityReference { Id = LenientNumberConverter.ToLong(reader) };

        public override void WriteJson(JsonWriter writer, EntityReference? value, JsonSerializer serializer) =>
            throw new NotSupportedException("References are only read.");
    }
}
