using System;
using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using Newtonsoft.Json;
using WorkspaceOneUem.Client.Json;

namespace WorkspaceOneUem.Client.Http
{
    /// <summary>
    /// Reads one page of a v1 search and checks it has what paging needs: an object with its records list (the list
    /// may be empty; an empty search is 204, which never gets here), no null records, and an id on every record
    /// whose type has one. The list's wire name and the id come from the page type, once per type.
    /// </summary>
    internal static class SearchAnswer<TPage> where TPage : class
    {
        private static readonly PropertyInfo? ItemsProperty = typeof(TPage).GetProperty("Items");

        /// <summary>The records list as the wire names it ("Users", "Devices", ...).</summary>
        public static readonly string ListName =
            ItemsProperty?.GetCustomAttribute<JsonPropertyAttribute>()?.PropertyName ?? "Items";

        /// <summary>The records in words, for messages: "Users" -> "users", "DeviceApps" -> "device apps".</summary>
        public static readonly string RecordsName = Words(ListName);

        private static readonly PropertyInfo? IdProperty = ItemIdProperty();

#if NET8_0_OR_GREATER
        /// <summary>The fast reader for plain pages of this type (users, devices), or null; its answers pass the checks above.</summary>
        public static readonly Func<ArraySegment<byte>, object>? ReadPlain = Utf8Pages.For<TPage>();
#endif

        public static TPage Read(JsonReader reader)
        {
            if (reader.TokenType != JsonToken.StartObject)
                throw new ResponseShapeException($"is {JsonTokens.Describe(reader.TokenType)} instead of a page of {RecordsName} (an object with a '{ListName}' list)");
            TPage? page = Ws1Json.Serializer.Deserialize<TPage>(reader);
            var items = page == null ? null : (IList?)ItemsProperty?.GetValue(page);
            if (page == null || items == null)
                throw new ResponseShapeException($"has no '{ListName}' list: it is not a page of {RecordsName}");
            for (int i = 0; i < items.Count; i++)
            {
                object? item = items[i];
                if (item == null)
                    throw new ResponseShapeException($"has an empty record (null) at position {i + 1} of its '{ListName}' list");
                if (IdProperty != null && (long)IdProperty.GetValue(item)! == 0) // a long property: never null boxed
                    throw new ResponseShapeException($"has a record without an id at position {i + 1} of its '{ListName}' list");
            }
            return page;
        }

        /// <summary>A long Id on the record type means every record must carry one; device apps and wipes have none.</summary>
        private static PropertyInfo? ItemIdProperty()
        {
            Type? list = ItemsProperty?.PropertyType;
            Type? item = list != null && list.IsGenericType ? list.GetGenericArguments()[0] : null;
            PropertyInfo? id = item?.GetProperty("Id");
            return id != null && id.PropertyType == typeof(long) ? id : null;
        }

        private static string Words(string wireName)
        {
            var text = new StringBuilder();
            foreach (char c in wireName)
            {
                if (c == '_')
                {
                    text.Append(' ');
                    continue;
                }
                if (char.IsUpper(c) && text.Length > 0 && text[text.Length - 1] != ' ')
                    text.Append(' ');
                text.Append(char.ToLower(c, CultureInfo.InvariantCulture));
            }
            string words = text.ToString();
            return words.EndsWith("s", StringComparison.Ordinal) ? words : words + "s";
        }
    }
}
