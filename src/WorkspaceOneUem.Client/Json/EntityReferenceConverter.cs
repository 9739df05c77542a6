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
        public override EntityReference? ReadJson(JsonReader reader, Type objectType, EntityReference? existingValue, bool hasExistingValue, JsonSerializer serializer)
        {
            switch (reader.TokenType)
            {
                case JsonToken.Null:
                    return null;
                case JsonToken.StartObject:
                    var reference = new EntityReference();
                    serializer.Populate(reader, reference);
                    return reference;
                default:
                    return new EntityReference { Id = LenientNumberConverter.ToLong(reader) };
            }
        }

        public override void WriteJson(JsonWriter writer, EntityReference? value, JsonSerializer serializer) =>
            throw new NotSupportedException("References are only read.");
    }
}
