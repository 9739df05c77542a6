using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace WorkspaceOneUem.Client
{
    /// <summary>
    /// What Set-Ws1User changes on a user: only the fields given (null = leave as it is, "" = clear), and the
    /// organization group to move the user to. The v1 update takes the fields it is sent and leaves the rest.
    /// </summary>
    public sealed class Ws1UserUpdate
    {
        /// <summary>The v1 wire names, in the order they are sent and described.</summary>
        private static readonly string[] WireNames =
        {
            "Email", "FirstName", "LastName", "DisplayName", "ContactNumber", "MobileNumber",
            "CustomAttribute1", "CustomAttribute2", "CustomAttribute3", "CustomAttribute4", "CustomAttribute5",
        };

        private readonly Dictionary<string, string> _fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>The group to move the user to (changelocationgroup), or null to leave it.</summary>
        public long? OrganizationGroupId { get; set; }

        /// <summary>Sets a field by its v1 wire name (Email, FirstName, ..., CustomAttribute5); "" clears it.</summary>
        public void Set(string wireName, string value)
        {
            string? known = WireNames.FirstOrDefault(n => string.Equals(n, wireName, StringComparison.OrdinalIgnoreCase));
            if (known == null)
                throw new ArgumentException($"'{wireName}' is not a user field this update sends; use one of {string.Join(", ", WireNames)}.", nameof(wireName));
            _fields[known] = value ?? string.Empty;
        }

        /// <summary>The fields given, by wire name, in a fixed order.</summary>
        public IReadOnlyList<KeyValuePair<string, string>> Fields =>
            WireNames.Where(_fields.ContainsKey).Select(n => new KeyValuePair<string, string>(n, _fields[n])).ToList();

        public bool IsEmpty => _fields.Count == 0 && !OrganizationGroupId.HasValue;

        /// <summary>Why the API would refuse these values (ValueTooLong, BadRequest), or null: checked before anything is sent.</summary>
        public Ws1ApiException? FindProblem()
        {
            foreach (KeyValuePair<string, string> field in Fields)
            {
                string? tooLong = Ws1Limits.FindTooLong(field.Key, field.Value);
                if (tooLong != null)
                    return new Ws1ApiException(Ws1ErrorKind.ValueTooLong, tooLong);
            }
            if (_fields.TryGetValue("Email", out string? email) && email.Trim().Length > 0 && !NewUser.EmailShape.IsMatch(email.Trim()))
                return new Ws1ApiException(Ws1ErrorKind.BadRequest, $"'{email}' is not an email address (expected name@domain.tld). Nothing was sent: give a valid address, or '' to clear it.");
            return null;
        }

        /// <summary>
        /// The change in words for a confirmation: each field with its old value where the user read shows it
        /// ("Email 'a@x.example' -> 'b@x.example'"), and the move ("organization group 'Sales' (571) -> 'Field' (574)").
        /// </summary>
        public string Describe(Ws1User current, string? targetGroupName)
        {
            var parts = new List<string>();
            foreach (KeyValuePair<string, string> field in Fields)
            {
                string? old = current == null ? null : OldValue(current, field.Key);
                parts.Add(old == null ? $"{field.Key} -> {Quote(field.Value)}" : $"{field.Key} {Quote(old)} -> {Quote(field.Value)}");
            }
            if (OrganizationGroupId.HasValue)
            {
                string target = targetGroupName == null
                    ? OrganizationGroupId.Value.ToString(CultureInfo.InvariantCulture)
                    : $"'{targetGroupName}' ({OrganizationGroupId.Value.ToString(CultureInfo.InvariantCulture)})";
                parts.Add(current != null && current.OrganizationGroupId > 0
                    ? $"organization group '{current.OrganizationGroupName}' ({current.OrganizationGroupId.ToString(CultureInfo.InvariantCulture)}) -> {target}"
                    : $"organization group -> {target}");
            }
            return string.Join(", ", parts);
        }

        /// <summary>True when the user is in the target group already, so the move would change nothing.</summary>
        public bool MovesNothing(Ws1User user) => !OrganizationGroupId.HasValue || (user.ReadFromServer && user.OrganizationGroupId == OrganizationGroupId.Value);

        private static string Quote(string value) => value.Length == 0 ? "(empty)" : "'" + value + "'";

        private static string? OldValue(Ws1User user, string wireName)
        {
            switch (wireName)
            {
                case "Email": return user.Email ?? string.Empty;
                case "FirstName": return user.FirstName ?? string.Empty;
                case "LastName": return user.LastName ?? string.Empty;
                case "DisplayName": return user.DisplayName ?? string.Empty;
                case "ContactNumber": return user.ContactNumber ?? string.Empty;
                case "MobileNumber": return user.MobileNumber ?? string.Empty;
                case "CustomAttribute1": return user.CustomAttribute1 ?? string.Empty;
                case "CustomAttribute2": return user.CustomAttribute2 ?? string.Empty;
                case "CustomAttribute3": return user.CustomAttribute3 ?? string.Empty;
                case "CustomAttribute4": return user.CustomAttribute4 ?? string.Empty;
                case "CustomAttribute5": return user.CustomAttribute5 ?? string.Empty;
                default: return null;
            }
        }
    }
}
