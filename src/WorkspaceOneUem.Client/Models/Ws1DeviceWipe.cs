using System;
using Newtonsoft.Json;
using WorkspaceOneUem.Client.Json;

namespace WorkspaceOneUem
{
    /// <summary>One entry of an organization group's wipe-protection queue (/system/groups/{uuid}/device-wipes).</summary>
    public sealed class Ws1DeviceWipe
    {
        [JsonProperty("DeviceId"), JsonConverter(typeof(ValueIdConverter))] public long DeviceId { get; set; }
        [JsonProperty("DeviceUuid")] public string DeviceUuid { get; set; }
        [JsonProperty("SerialNumber")] public string SerialNumber { get; set; }
        [JsonProperty("WipeType")] public string WipeType { get; set; }

        /// <summary>APPROVED, HELD, QUEUED or ABORTED.</summary>
        [JsonProperty("Status")] public string Status { get; set; }

        [JsonProperty("RequestedOn"), JsonConverter(typeof(ZonelessDateConverter))] public DateTime? RequestedOn { get; set; }

        /// <summary>Wipe entries have no id of their own; device, time and type identify one.</summary>
        internal long Key => Client.Http.StableHash.Of(DeviceId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            RequestedOn?.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture), WipeType, Status);

        internal bool IsHeld => string.Equals(Status, "HELD", StringComparison.OrdinalIgnoreCase);
        internal bool IsAborted => string.Equals(Status, "ABORTED", StringComparison.OrdinalIgnoreCase);
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
        [JsonProperty("Faults")] public Ws1BulkFaults Faults { get; set; }
        [JsonIgnore] public string CorrelationId { get; set; }
    }

    public sealed class Ws1BulkFaults
    {
        [JsonProperty("Fault")] public System.Collections.Generic.List<Ws1BulkFault> Fault { get; set; } = new System.Collections.Generic.List<Ws1BulkFault>();
    }

    public sealed class Ws1BulkFault
    {
        [JsonProperty("ErrorCode")] public int ErrorCode { get; set; }
        [JsonProperty("ItemValue")] public string ItemValue { get; set; }
        [JsonProperty("Message")] public string Message { get; set; }
    }
}
