#if NET8_0_OR_GREATER
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using WorkspaceOneUem.Client.Dtos;
using WorkspaceOneUem.Client.Http;

namespace WorkspaceOneUem.Client.Json
{
    /// <summary>
    /// Pages of users and devices, the records listings read by the hundred thousand, read on PowerShell 7 by the
    /// runtime's <see cref="Utf8JsonReader"/>. A runbook pays for a fresh process on every job, and there the
    /// serializer's text reader runs unoptimized until the runtime recompiles it; the runtime's reader ships
    /// precompiled and the loops here are compiled optimized on first use.
    /// <para>
    /// This is a fast path for pages as the API writes them, not a second set of rules. Anything else (a value of
    /// another kind than the API sends, a null or id-less record, the records' list named in another case, a
    /// comment, text that is not valid UTF-8, a syntax error) throws <see cref="NotPlainException"/>, and the answer is read again by
    /// <see cref="Http.SearchAnswer{TPage}"/> and the records' converters, whose rules and messages then decide.
    /// The records come out as those converters make them; a test holds the two readers to that.
    /// </para>
    /// </summary>
    internal static class Utf8Pages
    {
        /// <summary>The answer is not a plain page: the serializer's path reads it again.</summary>
        internal sealed class NotPlainException : Exception
        {
        }

        private delegate T ItemReader<T>(ref Utf8JsonReader reader, PageNames names);

        // Comments are not skipped: the converters see one between a name and its value and refuse it, so they decide.
        private static readonly JsonReaderOptions Options = new JsonReaderOptions { MaxDepth = 64 };

        private enum PageField
        {
            Page, PageSize, Total,
        }

        private static readonly Dictionary<string, int> UserFields = Names(typeof(UserDtoConverter.Field));
        private static readonly Dictionary<string, int> DeviceFields = Names(typeof(DeviceDtoConverter.Field));
        private static readonly Dictionary<string, int> ReferenceFields = Names(typeof(EntityReferenceConverter.Field));
        private static readonly Dictionary<string, int> PageFields = Names(typeof(PageField));
        private static readonly Dictionary<string, int> ValueField = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase) { ["Value"] = 0 };

        /// <summary>The fast reader for a page type, or null where there is none.</summary>
        public static Func<ArraySegment<byte>, TPage>? For<TPage>() where TPage : class
        {
            if (typeof(TPage) == typeof(UserSearchPage))
                return (Func<ArraySegment<byte>, TPage>)(object)new Func<ArraySegment<byte>, UserSearchPage>(Users);
            if (typeof(TPage) == typeof(DeviceSearchPage))
                return (Func<ArraySegment<byte>, TPage>)(object)new Func<ArraySegment<byte>, DeviceSearchPage>(Devices);
            return null;
        }

        public static UserSearchPage Users(ArraySegment<byte> json)
        {
            var page = new UserSearchPage();
            (page.Items, page.Page, page.PageSize, page.Total) = ReadPage(json, "Users", new PageNames(UserFields), User);
            return page;
        }

        public static DeviceSearchPage Devices(ArraySegment<byte> json)
        {
            var page = new DeviceSearchPage();
            (page.Items, page.Page, page.PageSize, page.Total) = ReadPage(json, "Devices", new PageNames(DeviceFields), Device);
            return page;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static (List<T>, int, int, int) ReadPage<T>(ArraySegment<byte> json, string listName, PageNames names, ItemReader<T> readItem)
        {
            var reader = new Utf8JsonReader(json.AsSpan(), Options);
            try
            {
                Expect(reader.Read() && reader.TokenType == JsonTokenType.StartObject);
                List<T>? items = null;
                var paging = new int[3];
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    string name = reader.GetString()!;
                    if (name == listName)
                    {
                        Expect(reader.Read() && reader.TokenType == JsonTokenType.StartArray && items == null);
                        items = new List<T>(PagedSearch.MaxPageSize);
                        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                            items.Add(readItem(ref reader, names));
                        Expect(reader.TokenType == JsonTokenType.EndArray);
                        continue;
                    }
                    Expect(!string.Equals(name, listName, StringComparison.OrdinalIgnoreCase));
                    int field = PageFields.TryGetValue(name, out int known) ? known : -1;
                    Expect(reader.Read());
                    if (field < 0)
                        reader.Skip();
                    else
                        paging[field] = Int32(ref reader);
                }
                Expect(reader.TokenType == JsonTokenType.EndObject && items != null && !reader.Read());
                return (items!, paging[(int)PageField.Page], paging[(int)PageField.PageSize], paging[(int)PageField.Total]);
            }
            catch (JsonException)
            {
                throw new NotPlainException();
            }
            catch (InvalidOperationException)
            {
                throw new NotPlainException(); // text that is not valid UTF-8
            }
        }

        private delegate void FieldReader<T>(ref Utf8JsonReader reader, T record, int field, PageNames names);

        /// <summary>
        /// The object at the reader into <paramref name="record"/>: each property the cache knows is read by
        /// <paramref name="read"/>, unknown ones and nulls are skipped, the last of two same-named properties wins.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static T Object<T>(ref Utf8JsonReader reader, NameCache fields, PageNames names, T record, FieldReader<T> read)
        {
            for (int ordinal = 0; reader.Read() && reader.TokenType == JsonTokenType.PropertyName; ordinal++)
            {
                int field = fields.Field(ref reader, ordinal);
                Expect(reader.Read());
                if (field < 0)
                    reader.Skip();
                else if (reader.TokenType != JsonTokenType.Null)
                    read(ref reader, record, field, names);
            }
            Expect(reader.TokenType == JsonTokenType.EndObject);
            return record;
        }

        private static UserDto User(ref Utf8JsonReader reader, PageNames names)
        {
            UserDto user = Object(ref reader, names.Record, names, new UserDto(), ReadUserField);
            Expect(user.Id != 0);
            return user;
        }

        private static DeviceDto Device(ref Utf8JsonReader reader, PageNames names)
        {
            DeviceDto device = Object(ref reader, names.Record, names, new DeviceDto(), ReadDeviceField);
            Expect(device.Id != 0);
            return device;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void ReadUserField(ref Utf8JsonReader reader, UserDto user, int field, PageNames names)
        {
            switch ((UserDtoConverter.Field)field)
            {
                case UserDtoConverter.Field.Id: user.Id = Id(ref reader, names); break;
                case UserDtoConverter.Field.Uuid: user.Uuid = Text(ref reader); break;
                case UserDtoConverter.Field.UserName: user.UserName = Text(ref reader); break;
                case UserDtoConverter.Field.FirstName: user.FirstName = Text(ref reader); break;
                case UserDtoConverter.Field.LastName: user.LastName = Text(ref reader); break;
                case UserDtoConverter.Field.DisplayName: user.DisplayName = Text(ref reader); break;
                case UserDtoConverter.Field.Email: user.Email = Text(ref reader); break;
                case UserDtoConverter.Field.Status: user.Status = Flag(ref reader); break;
                case UserDtoConverter.Field.SecurityType: user.SecurityType = Int32(ref reader); break;
                case UserDtoConverter.Field.ContactNumber: user.ContactNumber = Text(ref reader); break;
                case UserDtoConverter.Field.MobileNumber: user.MobileNumber = Text(ref reader); break;
                case UserDtoConverter.Field.Group: user.Group = Text(ref reader); break;
                case UserDtoConverter.Field.LocationGroupId: user.LocationGroupId = Long(ref reader); break;
                case UserDtoConverter.Field.OrganizationGroupUuid: user.OrganizationGroupUuid = Text(ref reader); break;
                case UserDtoConverter.Field.Role: user.Role = Text(ref reader); break;
                case UserDtoConverter.Field.EnrolledDevicesCount: user.EnrolledDevicesCount = Long(ref reader); break;
                case UserDtoConverter.Field.ExternalId: user.ExternalId = Text(ref reader); break;
                case UserDtoConverter.Field.CustomAttribute1: user.CustomAttribute1 = Text(ref reader); break;
                case UserDtoConverter.Field.CustomAttribute2: user.CustomAttribute2 = Text(ref reader); break;
                case UserDtoConverter.Field.CustomAttribute3: user.CustomAttribute3 = Text(ref reader); break;
                case UserDtoConverter.Field.CustomAttribute4: user.CustomAttribute4 = Text(ref reader); break;
                case UserDtoConverter.Field.CustomAttribute5: user.CustomAttribute5 = Text(ref reader); break;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void ReadDeviceField(ref Utf8JsonReader reader, DeviceDto device, int field, PageNames names)
        {
            switch ((DeviceDtoConverter.Field)field)
            {
                case DeviceDtoConverter.Field.Id: device.Id = Id(ref reader, names); break;
                case DeviceDtoConverter.Field.Uuid: device.Uuid = Text(ref reader); break;
                case DeviceDtoConverter.Field.Udid: device.Udid = Text(ref reader); break;
                case DeviceDtoConverter.Field.SerialNumber: device.SerialNumber = Text(ref reader); break;
                case DeviceDtoConverter.Field.DeviceFriendlyName: device.DeviceFriendlyName = Text(ref reader); break;
                case DeviceDtoConverter.Field.LocationGroupId: device.LocationGroup = Reference(ref reader, names); break;
                case DeviceDtoConverter.Field.UserId: device.User = Reference(ref reader, names); break;
                case DeviceDtoConverter.Field.UserName: device.UserName = Text(ref reader); break;
                case DeviceDtoConverter.Field.UserEmailAddress: device.UserEmailAddress = Text(ref reader); break;
                case DeviceDtoConverter.Field.Ownership: device.Ownership = Text(ref reader); break;
                case DeviceDtoConverter.Field.Platform: device.Platform = Text(ref reader); break;
                case DeviceDtoConverter.Field.Model: device.Model = Text(ref reader); break;
                case DeviceDtoConverter.Field.OperatingSystem: device.OperatingSystem = Text(ref reader); break;
                case DeviceDtoConverter.Field.LastSeen: device.LastSeen = ZonelessDateConverter.Parse(Text(ref reader)); break;
                case DeviceDtoConverter.Field.EnrollmentStatus: device.EnrollmentStatus = Text(ref reader); break;
                case DeviceDtoConverter.Field.ComplianceStatus: device.ComplianceStatus = Text(ref reader); break;
            }
        }

        /// <summary>{"Id":{"Value":n},"Uuid":..,"Name":..}, or a bare id as a number or text.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static EntityReference Reference(ref Utf8JsonReader reader, PageNames names) =>
            reader.TokenType == JsonTokenType.StartObject
                ? Object(ref reader, names.Reference, names, new EntityReference(), ReadReferenceField)
                : new EntityReference { Id = Long(ref reader) };

        private static void ReadReferenceField(ref Utf8JsonReader reader, EntityReference reference, int field, PageNames names)
        {
            if (field == (int)EntityReferenceConverter.Field.Id)
                reference.Id = Id(ref reader, names);
            else if (field == (int)EntityReferenceConverter.Field.Uuid)
                reference.Uuid = Text(ref reader);
            else
                reference.Name = Text(ref reader);
        }

        /// <summary>{"Value": n}, or the number (or text holding it) itself. A null Value goes to the converter, which reads it as no id.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static long Id(ref Utf8JsonReader reader, PageNames names)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
                return Long(ref reader);
            long id = 0;
            for (int ordinal = 0; reader.Read() && reader.TokenType == JsonTokenType.PropertyName; ordinal++)
            {
                int field = names.Value.Field(ref reader, ordinal);
                Expect(reader.Read());
                if (field < 0)
                    reader.Skip();
                else
                    id = Long(ref reader);
            }
            Expect(reader.TokenType == JsonTokenType.EndObject);
            return id;
        }

        private static string Text(ref Utf8JsonReader reader)
        {
            Expect(reader.TokenType == JsonTokenType.String);
            return reader.GetString()!;
        }

        private static bool Flag(ref Utf8JsonReader reader)
        {
            Expect(reader.TokenType == JsonTokenType.True || reader.TokenType == JsonTokenType.False);
            return reader.TokenType == JsonTokenType.True;
        }

        private static int Int32(ref Utf8JsonReader reader)
        {
            int value = 0;
            Expect(reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out value));
            return value;
        }

        /// <summary>A whole number as a number or as text holding one ("12"), as the API writes counts and group ids.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static long Long(ref Utf8JsonReader reader)
        {
            long number = 0;
            if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out number))
                return number;
            Expect(reader.TokenType == JsonTokenType.String
                && long.TryParse(reader.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out number));
            return number;
        }

        /// <summary>
        /// The fields of one page's records by their wire names. The records of a page name their properties in the
        /// same order, so each property's name is compared with the bytes of the same property of the record before
        /// and made into text only when it differs. Names match ignoring case, as the converters match them.
        /// </summary>
        private sealed class NameCache
        {
            private const int Remembered = 64;

            private readonly Dictionary<string, int> _fields;
            private readonly byte[]?[] _names = new byte[]?[Remembered];
            private readonly int[] _known = new int[Remembered];

            public NameCache(Dictionary<string, int> fields)
            {
                _fields = fields;
            }

            /// <summary>The field of the property name at the reader, the <paramref name="ordinal"/>th of its object; -1 for one not read.</summary>
            [MethodImpl(MethodImplOptions.AggressiveOptimization)]
            public int Field(ref Utf8JsonReader reader, int ordinal)
            {
                if (reader.ValueIsEscaped || ordinal >= Remembered)
                    return Lookup(reader.GetString()!);
                ReadOnlySpan<byte> name = reader.ValueSpan;
                byte[]? before = _names[ordinal];
                if (before != null && name.SequenceEqual(before))
                    return _known[ordinal];
                int field = Lookup(Encoding.UTF8.GetString(name));
                _names[ordinal] = name.ToArray();
                _known[ordinal] = field;
                return field;
            }

            private int Lookup(string name) => _fields.TryGetValue(name, out int field) ? field : -1;
        }

        /// <summary>The name caches of one page: its records, their references, and ids written as {"Value": n}.</summary>
        private sealed class PageNames
        {
            public PageNames(Dictionary<string, int> recordFields)
            {
                Record = new NameCache(recordFields);
            }

            public NameCache Record { get; }
            public NameCache Reference { get; } = new NameCache(ReferenceFields);
            public NameCache Value { get; } = new NameCache(ValueField);
        }

        private static void Expect(bool condition)
        {
            if (!condition)
                throw new NotPlainException();
        }

        private static Dictionary<string, int> Names(Type fields)
        {
            var names = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            foreach (object field in Enum.GetValues(fields))
                names.Add(field.ToString()!, (int)field);
            return names;
        }
    }
}
#endif
