using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Newtonsoft.Json;
using WorkspaceOneUem.Client.Dtos;

namespace WorkspaceOneUem.Client.Json
{
    /// <summary>
    /// Reads a v1 user record field by field. The user listing is the module's biggest read (every user of the
    /// tenant), and a runbook pays for a cold process on every job: in a fresh process the serializer's reflection
    /// paths run unoptimized and instrumented until the runtime recompiles them (parsing 100,000 users: about 2.2 s
    /// of CPU cold against 0.45 s warm). This one method is compiled optimized on first use. It does what
    /// <see cref="PropertyTable{T}"/> does for devices, as one switch instead of a delegate per property, which
    /// measured faster here for the listing that matters most. Values are read by <see cref="JsonValues"/>.
    /// </summary>
    internal sealed class UserDtoConverter : JsonConverter<UserDto>
    {
        /// <summary>The fields read, named as the wire names them (matched ignoring case); <see cref="Utf8Pages"/> reads the same.</summary>
        internal enum Field
        {
            Id, Uuid, UserName, FirstName, LastName, DisplayName, Email, Status, SecurityType, ContactNumber,
            MobileNumber, Group, LocationGroupId, OrganizationGroupUuid, Role, EnrolledDevicesCount, ExternalId,
            CustomAttribute1, CustomAttribute2, CustomAttribute3, CustomAttribute4, CustomAttribute5,
        }

        private static readonly Dictionary<string, Field> Fields = FieldsByName();

#if NET8_0_OR_GREATER
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
#endif
        public override UserDto? ReadJson(JsonReader reader, Type objectType, UserDto? existingValue, bool hasExistingValue, JsonSerializer serializer)
        {
            if (reader.TokenType == JsonToken.Null)
                return null;
            if (reader.TokenType != JsonToken.StartObject)
                throw new JsonSerializationException($"A user record is {JsonTokens.Describe(reader.TokenType)} instead of an object (at '{reader.Path}').");
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
                if (reader.TokenType == JsonToken.Null || reader.TokenType == JsonToken.Undefined)
                    continue;
                switch (field)
                {
                    case Field.Id: user.Id = ValueIdConverter.ReadId(reader); break;
                    case Field.Uuid: user.Uuid = JsonValues.Text(reader, name); break;
                    case Field.UserName: user.UserName = JsonValues.Text(reader, name); break;
                    case Field.FirstName: user.FirstName = JsonValues.Text(reader, name); break;
                    case Field.LastName: user.LastName = JsonValues.Text(reader, name); break;
                    case Field.DisplayName: user.DisplayName = JsonValues.Text(reader, name); break;
                    case Field.Email: user.Email = JsonValues.Text(reader, name); break;
                    case Field.Status: user.Status = JsonValues.Flag(reader, name); break;
                    case Field.SecurityType: user.SecurityType = JsonValues.Number(reader, name); break;
                    case Field.ContactNumber: user.ContactNumber = JsonValues.Text(reader, name); break;
                    case Field.MobileNumber: user.MobileNumber = JsonValues.Text(reader, name); break;
                    case Field.Group: user.Group = JsonValues.Text(reader, name); break;
                    case Field.LocationGroupId: user.LocationGroupId = LenientNumberConverter.ToLong(reader); break;
                    case Field.OrganizationGroupUuid: user.OrganizationGroupUuid = JsonValues.Text(reader, name); break;
                    case Field.Role: user.Role = JsonValues.Text(reader, name); break;
                    case Field.EnrolledDevicesCount: user.EnrolledDevicesCount = LenientNumberConverter.ToLong(reader); break;
                    case Field.ExternalId: user.ExternalId = JsonValues.Text(reader, name); break;
                    case Field.CustomAttribute1: user.CustomAttribute1 = JsonValues.Text(reader, name); break;
                    case Field.CustomAttribute2: user.CustomAttribute2 = JsonValues.Text(reader, name); break;
                    case Field.CustomAttribute3: user.CustomAttribute3 = JsonValues.Text(reader, name); break;
                    case Field.CustomAttribute4: user.CustomAttribute4 = JsonValues.Text(reader, name); break;
                    case Field.CustomAttribute5: user.CustomAttribute5 = JsonValues.Text(reader, name); break;
                }
            }
            throw new JsonSerializationException("The JSON ended inside a user record.");
        }

        public override void WriteJson(JsonWriter writer, UserDto? value, JsonSerializer serializer) =>
            throw new NotSupportedException("User records are only read.");

        private static Dictionary<string, Field> FieldsByName()
        {
            var fields = new Dictionary<string, Field>(StringComparer.OrdinalIgnoreCase);
            foreach (Field field in (Field[])Enum.GetValues(typeof(Field)))
                fields.Add(field.ToString(), field);
            return fields;
        }
    }
}
