using System;
using Newtonsoft.Json;
using WorkspaceOneUem.Client.Json;

namespace WorkspaceOneUem
{
    /// <summary>
    /// One entry of an organization group's wipe log (/system/groups/{uuid}/device-wipes): a wipe sent, held by wipe
    /// protection, approved or aborted. The entries' field names are unconfirmed (docs/api-behaviour.md §4, §11).
    /// </summary>
    public sealed class Ws1DeviceWipe
    {
        public const string HeldStatus = "HELD";
        public const string QueuedStatus = "QUEUED";
        public const string ApprovedStatus = "APPROVED";
        public const string AbortedStatus = "ABORTED";

        /// <summary>The account it was read from.</summary>
        [JsonIgnore] public string? AccountName { get; set; }

        /// <summary>The wipe record's own uuid: what approve and reject name.</summary>
        [JsonProperty("Uuid")] public string? Uuid { get; set; }

        [JsonProperty("DeviceId"), JsonConverter(typeof(ValueIdConverter))] public long DeviceId { get; set; }
        [JsonProperty("DeviceUuid")] public string? DeviceUuid { get; set; }
        [JsonProperty("SerialNumber")] public string? SerialNumber { get; set; }
        [JsonProperty("DeviceFriendlyName")] public string? DeviceFriendlyName { get; set; }
        [JsonProperty("UserName")] public string? UserName { get; set; }
        [JsonProperty("OrganizationGroupName")] public string? OrganizationGroupName { get; set; }

        /// <summary>UNKNOWN, CORPORATE_DEDICATED, EMPLOYEE_OWNED or CORPORATE_SHARED.</summary>
        [JsonProperty("Ownership")] public string? Ownership { get; set; }

        /// <summary>DeviceWipe or EnterpriseWipe.</summary>
        [JsonProperty("WipeType")] public string? WipeType { get; set; }

        /// <summary>Why it was sent: ADMIN_ACTION, BULK_API_ACTION, COMPLIANCE, USER_DISABLED, ...</summary>
        [JsonProperty("WipeSource")] public string? WipeSource { get; set; }

        /// <summary>APPROVED, HELD, QUEUED or ABORTED.</summary>
        [JsonProperty("Status")] public string? Status { get; set; }

        /// <summary>As the server sends it: no time zone.</summary>
        [JsonProperty("RequestedOn"), JsonConverter(typeof(ZonelessDateConverter))] public DateTime? RequestedOn { get; set; }

        /// <summary>When it was approved or rejected; null otherwise.</summary>
        [JsonProperty("ActionedOn"), JsonConverter(typeof(ZonelessDateConverter))] public DateTime? ActionedOn { get; set; }

        /// <summary>The organization group whose log it was read from; approve and reject go there.</summary>
        [JsonIgnore] public string? OrganizationGroupUuid { get; set; }

        /// <summary>The record's uuid when it has one; else device, time and type, which identify an entry too.</summary>
        internal long Key => Client.Http.StableHash.Of(Uuid ?? DeviceId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            RequestedOn?.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture), WipeType, Status);

        /// <summary>Held by wipe protection: only such a wipe can be approved or rejected. A method, so output and files do not carry it.</summary>
        public bool IsHeld() => string.Equals(Status, HeldStatus, StringComparison.OrdinalIgnoreCase);

        internal bool IsAborted => string.Equals(Status, AbortedStatus, StringComparison.OrdinalIgnoreCase);
        internal bool IsApproved => string.Equals(Status, ApprovedStatus, StringComparison.OrdinalIgnoreCase);

        /// <summary>"DeviceWipe of 'name' (device 12, serial C02X) for 'ann'": how prompts and errors name a wipe.</summary>
        public string Describe() =>
            $"{WipeType ?? "wipe"} of '{DeviceFriendlyName ?? SerialNumber ?? DeviceId.ToString(System.Globalization.CultureInfo.InvariantCulture)}' (device {DeviceId}, serial {SerialNumber ?? "unknown"}) for '{UserName}'";

        /// <summary>This entry as the server has it after a decision.</summary>
        internal Ws1DeviceWipe WithStatus(string status)
        {
            var copy = (Ws1DeviceWipe)MemberwiseClone();
            copy.Status = status;
            return copy;
        }

        public override string ToString() => $"{Status} {Describe()}";
    }

    /// <summary>
    /// The wipe-protection threshold lock of a tenant (/system/groups/{uuid}/device-wipe-lock). The field names are
    /// unconfirmed: these are the simulator's (docs/api-behaviour.md §11).
    /// </summary>
    public sealed class Ws1DeviceWipeLock
    {
        [JsonIgnore] public string? AccountName { get; set; }
        [JsonIgnore] public string? OrganizationGroupName { get; set; }
        [JsonIgnore] public string? OrganizationGroupUuid { get; set; }

        /// <summary>True while wipes are held: the count reached the threshold within the window.</summary>
        [JsonProperty("is_locked")] public bool IsLocked { get; set; }

        [JsonProperty("threshold")] public int Threshold { get; set; }
        [JsonProperty("window_minutes")] public int WindowMinutes { get; set; }

        /// <summary>Wipes sent within the window (and since the last unlock), counted against the threshold.</summary>
        [JsonProperty("wipe_count")] public int WipeCount { get; set; }

        /// <summary>Wipes held now, waiting to be approved or rejected.</summary>
        [JsonProperty("held_count")] public int HeldCount { get; set; }

        [JsonProperty("locked_since"), JsonConverter(typeof(ZonelessDateConverter))] public DateTime? LockedSince { get; set; }
        [JsonProperty("last_unlocked_on"), JsonConverter(typeof(ZonelessDateConverter))] public DateTime? LastUnlockedOn { get; set; }
    }

    /// <summary>How many devices one bulk command may name (/mdm/devices/bulksettings).</summary>
    public sealed class Ws1BulkCommandLimits
    {
        [JsonProperty("SendMessage"), JsonConverter(typeof(LenientNumberConverter))] public long SendMessage { get; set; }
        [JsonProperty("EnterpriseWipe"), JsonConverter(typeof(LenientNumberConverter))] public long EnterpriseWipe { get; set; }
        [JsonProperty("DeleteDevice"), JsonConverter(typeof(LenientNumberConverter))] public long DeleteDevice { get; set; }
        [JsonProperty("GPS"), JsonConverter(typeof(LenientNumberConverter))] public long Gps { get; set; }
        [JsonProperty("LockDevice"), JsonConverter(typeof(LenientNumberConverter))] public long LockDevice { get; set; }

        /// <summary>The most devices one bulk <paramref name="command"/> may name; 0 when there is no bulk command for it or no limit was given.</summary>
        public long For(Ws1DeviceCommand command) => Client.DeviceCommandRules.BulkLimit(this, command);
    }

    /// <summary>The answer to a bulk command: HTTP 200 even when some items failed.</summary>
    public sealed class Ws1BulkCommandResponse
    {
        [JsonProperty("TotalItems")] public int TotalItems { get; set; }
        [JsonProperty("AcceptedItems")] public int AcceptedItems { get; set; }
        [JsonProperty("FailedItems")] public int FailedItems { get; set; }
        [JsonProperty("Faults")] public Ws1BulkFaults? Faults { get; set; }
        [JsonIgnore] public string? CorrelationId { get; set; }
    }

    public sealed class Ws1BulkFaults
    {
        [JsonProperty("Fault")] public System.Collections.Generic.List<Ws1BulkFault> Fault { get; set; } = new System.Collections.Generic.List<Ws1BulkFault>();
    }

    public sealed class Ws1BulkFault
    {
        [JsonProperty("ErrorCode")] public int ErrorCode { get; set; }
        [JsonProperty("ItemValue")] public string? ItemValue { get; set; }
        [JsonProperty("Message")] public string? Message { get; set; }
    }
}
