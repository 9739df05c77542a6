using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.Management.Automation;

namespace WorkspaceOneUem.Infrastructure
{
    /// <summary>
    /// PowerShell objects to and from the plain data the client's raw calls take and give (dictionaries, lists,
    /// strings, numbers, booleans, null), the way ConvertTo-Json and ConvertFrom-Json see them.
    /// </summary>
    internal static class PlainData
    {
        /// <summary>Deeper than any API body; what goes deeper is a cycle (an object that holds itself), refused.</summary>
        private const int MaxDepth = 32;

        /// <summary>A body for the client: hashtables and [pscustomobject]s become dictionaries, collections lists.</summary>
        public static object? FromPowerShell(object? value) => From(value, 0);

        private static object? From(object? value, int depth)
        {
            if (depth > MaxDepth)
                throw new ArgumentException($"The body is nested more than {MaxDepth} levels deep (an object that contains itself?). Give it as JSON text, or flatten it.");
            if (value is PSObject wrapped && !(wrapped.BaseObject is PSCustomObject))
                value = wrapped.BaseObject;
            switch (value)
            {
                case null:
                    return null;
                case string _:
                case bool _:
                case char _:
                    return value is char c ? c.ToString() : value;
                case DateTime time:
                    return time.ToString("o", CultureInfo.InvariantCulture);
                case DateTimeOffset offset:
                    return offset.ToString("o", CultureInfo.InvariantCulture);
                case Guid guid:
                    return guid.ToString();
                case Enum e:
                    return Convert.ToInt64(e, CultureInfo.InvariantCulture);
                case IDictionary dictionary:
                    var fromDictionary = new OrderedDictionary();
                    foreach (DictionaryEntry entry in dictionary)
                        fromDictionary[Convert.ToString(entry.Key, CultureInfo.InvariantCulture)!] = From(entry.Value, depth + 1); // a key is never null
                    return fromDictionary;
                case PSObject custom:
                    var fromProperties = new OrderedDictionary();
                    foreach (PSPropertyInfo property in custom.Properties)
                        fromProperties[property.Name] = From(property.Value, depth + 1);
                    return fromProperties;
                case IEnumerable list:
                    var items = new List<object?>();
                    foreach (object? item in list)
                        items.Add(From(item, depth + 1));
                    return items;
                default:
                    if (value.GetType().IsPrimitive || value is decimal)
                        return value;
                    // Any other object: its public properties, as ConvertTo-Json takes them.
                    var fromObject = new OrderedDictionary();
                    foreach (PSPropertyInfo property in PSObject.AsPSObject(value).Properties)
                    {
                        if (property.IsGettable && property.MemberType == PSMemberTypes.Property)
                            fromObject[property.Name] = From(property.Value, depth + 1);
                    }
                    return fromObject;
            }
        }

        /// <summary>An answer for the pipeline: each JSON object a [pscustomobject] with its properties in order, each list an array.</summary>
        public static object? ToPowerShell(object? value)
        {
            switch (value)
            {
                case IDictionary dictionary:
                    var result = new PSObject();
                    foreach (DictionaryEntry entry in dictionary)
                        result.Properties.Add(new PSNoteProperty((string)entry.Key, ToPowerShell(entry.Value)));
                    return result;
                case string _:
                    return value;
                case IList list:
                    var items = new object?[list.Count];
                    for (int i = 0; i < items.Length; i++)
                        items[i] = ToPowerShell(list[i]);
                    return items;
                default:
                    return value;
            }
        }
    }
}
