using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using Newtonsoft.Json;
using WorkspaceOneUem.Client.Dtos;

namespace WorkspaceOneUem.Client.Json
{
    /// <summary>
    /// Reads a v1 user record field by field instead of through the serializer's reflection paths. A user listing
    /// reads every record of the tenant, and in a fresh process (a runbook job) the serializer's many generic paths
    /// run unoptimized and instrumented until the runtime recompiles them: about five times the CPU of a warm
    /// process. This reader is compiled optimized on first use and leaves only the token reader to warm up.
    /// Values are coerced as the serializer would (numbers and booleans read as text where text belongs, numbers
    /// in strings), names match without regard to case, and unknown fields are skipped.
    /// </summary>
    internal sealed class UserDtoConverter : JsonConverter<UserDto>
    {
        private enum Field
        {
            Id, Uuid, UserName, FirstName, LastName, DisplayName, Email, Status, SecurityType, ContactNumber,
            MobileNumber, Group, LocationGroupId, OrganizationGroupUuid, Role, EnrolledDevicesCount, ExternalId,
            CustomAttribute1, CustomAttribute2, CustomAttribute3, CustomAttribute4, CustomAttribute5,
        }

        private static readonly Dictionary<string, Field> Fields = FieldsByName();

        public override bool CanWrite => false;

#if NET8_0_OR_GREATER
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
#endif
        public override UserDto? ReadJson(JsonReader reader, Type objectType, UserDto? existingValue, bool hasExistingValue, JsonSerializer serializer)
        {
            if (reader.TokenType == JsonToken.Null)
                return null;
            if (reader.TokenType != JsonToken.StartObject)
                throw new JsonSerializationException($"A user record is {Describe(reader.TokenType)} instead of an object.");
            var user = new UserDto();
            while (reader.Read())
            {
                if (reader.TokenType == JsonToken.EndObject)
                    return user;
                if (reader.TokenType != JsonToken.PropertyName)
                    continue; // comments
                string name = (string)reader.Value!;
                if (!reader.Read())
                    break;
                if (!Fields.TryGetValue(name, out Field field))
                {
                    reader.Skip();
                    continue;
                }
                switch (field)
                {
                    case Field.Id: user.Id = ValueIdConverter.ReadId(reader); break;
                    case Field.Uuid: user.Uuid = Text(reader, name); break;
                    case Field.UserName: user.UserName = Text(reader, name); break;
                    case Field.FirstName: user.FirstName = Text(reader, name); break;
                    case Field.LastName: user.LastName = Text(reader, name); break;
                    case Field.DisplayName: user.DisplayName = Text(reader, name); break;
                    case Field.Email: user.Email = Text(reader, name); break;
                    case Field.Status: user.Status = Flag(reader, name); break;
                    case Field.SecurityType: user.SecurityType = Number(reader, name); break;
                    case Field.ContactNumber: user.ContactNumber = Text(reader, name); break;
                    case Field.MobileNumber: user.MobileNumber = Text(reader, name); break;
                    case Field.Group: user.Group = Text(reader, name); break;
                    case Field.LocationGroupId: user.LocationGroupId = LenientNumberConverter.ToLong(reader); break;
                    case Field.OrganizationGroupUuid: user.OrganizationGroupUuid = Text(reader, name); break;
                    case Field.Role: user.Role = Text(reader, name); break;
                    case Field.EnrolledDevicesCount: user.EnrolledDevicesCount = LenientNumberConverter.ToLong(reader); break;
                    case Field.ExternalId: user.ExternalId = Text(reader, name); break;
                    case Field.CustomAttribute1: user.CustomAttribute1 = Text(reader, name); break;
                    case Field.CustomAttribute2: user.CustomAttribute2 = Text(reader, name); break;
                    case Field.CustomAttribute3: user.CustomAttribute3 = Text(reader, name); break;
                    case Field.CustomAttribute4: user.CustomAttribute4 = Text(reader, name); break;
                    case Field.CustomAttribute5: user.CustomAttribute5 = Text(reader, name); break;
                }
            }
            throw new JsonSerializationException("A user record ends before its closing brace.");
        }

        public override void WriteJson(JsonWriter writer, UserDto? value, JsonSerializer serializer) =>
            throw new NotSupportedException("User records are only read.");

        private static string? Text(JsonReader reader, string name)
        {
            switch (reader.TokenType)
            {
                case JsonToken.String:
                    return (string?)reader.Value;
                case JsonToken.Integer:
                case JsonToken.Float:
                case JsonToken.Boolean:
                    return Convert.ToString(reader.Value, CultureInfo.InvariantCulture);
                case JsonToken.Null:
                case JsonToken.Undefined:
                    return null;
                default:
                    throw Misplaced(reader, name, "text");
            }
        }

        private static bool? Flag(JsonReader reader, string name)
        {
            switch (reader.TokenType)
            {
                case JsonToken.Boolean:
                    return (bool)reader.Value!;
                case JsonToken.Integer:
                    return Convert.ToInt64(reader.Value, CultureInfo.InvariantCulture) != 0;
                case JsonToken.String:
                    string text = (string)reader.Value!;
                    if (text.Length == 0)
                        return null;
                    if (bool.TryParse(text, out bool flag))
                        return flag;
                    throw new JsonSerializationException($"'{name}' is \"{text}\" where true or false belongs.");
                case JsonToken.Null:
                case JsonToken.Undefined:
                    return null;
                default:
                    throw Misplaced(reader, name, "true or false");
            }
        }

        private static int? Number(JsonReader reader, string name)
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
                case JsonToken.Null:
                case JsonToken.Undefined:
                    return null;
                default:
                    throw Misplaced(reader, name, "a number");
            }
        }

        private static JsonSerializationException Misplaced(JsonReader reader, string name, string expected) =>
            new JsonSerializationException($"'{name}' is {Describe(reader.TokenType)} where {expected} belongs.");

        private static string Describe(JsonToken token) => Http.SearchAnswer<UserSearchPage>.Describe(token);

        private static Dictionary<string, Field> FieldsByName()
        {
            var fields = new Dictionary<string, Field>(StringComparer.OrdinalIgnoreCase);
            foreach (Field field in (Field[])Enum.GetValues(typeof(Field)))
                fields.Add(field.ToString(), field);
            return fields;
        }
    }
}
