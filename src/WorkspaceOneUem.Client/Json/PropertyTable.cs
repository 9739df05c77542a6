using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Newtonsoft.Json;

namespace WorkspaceOneUem.Client.Json
{
    /// <summary>
    /// Reads one JSON object into a <typeparamref name="T"/> by a table of its wire properties, for the records
    /// listings read by the hundred thousand. The serializer's contract path costs about as much as reading the
    /// tokens, boxes every value that goes through a converter, and in a fresh process (a runbook job) runs
    /// unoptimized and instrumented until the runtime recompiles it; the loop here is compiled optimized on first use.
    /// The rules are the serializer's as <see cref="Ws1Json.Serializer"/> sets it: names match ignoring case, unknown
    /// properties and nulls are skipped, the last of two same-named properties wins, numbers and booleans read as
    /// text where text belongs, and a value of the wrong kind is an error that names the property.
    /// </summary>
    internal sealed class PropertyTable<T> where T : class, new()
    {
        private readonly string _recordName;
        private readonly Dictionary<string, Action<JsonReader, T>> _properties = new Dictionary<string, Action<JsonReader, T>>(StringComparer.OrdinalIgnoreCase);

        /// <param name="recordName">The record in words, for messages ("user record").</param>
        public PropertyTable(string recordName)
        {
            _recordName = recordName;
        }

        /// <summary>A text property: strings as they are; numbers and booleans as the serializer turns them into text.</summary>
        public PropertyTable<T> Text(string name, Action<T, string> set) =>
            Value(name, reader => JsonValues.Text(reader, name), set);

        /// <summary>A property read by <paramref name="read"/> from its first token, as a converter would.</summary>
        public PropertyTable<T> Value<TValue>(string name, Func<JsonReader, TValue> read, Action<T, TValue> set)
        {
            _properties.Add(name, (reader, record) =>
            {
                if (!reader.Read())
                    throw new JsonSerializationException($"The JSON ended inside '{name}'.");
                if (reader.TokenType != JsonToken.Null && reader.TokenType != JsonToken.Undefined)
                    set(record, read(reader));
            });
            return this;
        }

        /// <summary>The object at the reader (null for a JSON null), read to its end.</summary>
#if NET8_0_OR_GREATER
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
#endif
        public T? Read(JsonReader reader)
        {
            if (reader.TokenType == JsonToken.Null)
                return null;
            if (reader.TokenType != JsonToken.StartObject)
                throw new JsonSerializationException($"A {_recordName} is {JsonTokens.Describe(reader.TokenType)} instead of an object (at '{reader.Path}').");
            var record = new T();
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonToken.PropertyName:
                        if (_properties.TryGetValue((string)reader.Value!, out Action<JsonReader, T>? set)) // a PropertyName token always carries its name
                        {
                            set(reader, record);
                        }
                        else
                        {
                            reader.Read();
                            reader.Skip();
                        }
                        break;
                    case JsonToken.Comment:
                        break;
                    case JsonToken.EndObject:
                        return record;
                    default:
                        throw new JsonSerializationException($"Unexpected {reader.TokenType} in a {_recordName} at '{reader.Path}'.");
                }
            }
            throw new JsonSerializationException($"The JSON ended inside a {_recordName}.");
        }
    }
}
