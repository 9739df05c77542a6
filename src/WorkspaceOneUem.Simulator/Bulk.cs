using System.Diagnostics.CodeAnalysis;

namespace WorkspaceOneUem.Simulator;

/// <summary>The v1 BulkInput / BulkResponse shapes shared by user and device bulk operations.</summary>
internal static class Bulk
{
    public sealed class Outcome
    {
        public int Total;
        public int Accepted;
        public readonly List<(string Item, string Message)> Faults = new();

        public void Accept() { Total++; Accepted++; }
        public void Fail(string item, string message) { Total++; Faults.Add((item, message)); }
    }

    /// <summary>Reads {"BulkValues":{"Value":["12","34"]}}; numbers are accepted too. <paramref name="readRest"/> reads the body's other fields (an error or null).</summary>
    public static bool TryReadValues(ApiRequest r, [NotNullWhen(true)] out List<string>? values, [NotNullWhen(false)] out ApiResult? error, Func<JsonElement, ApiResult?>? readRest = null)
    {
        values = null;
        if (!r.TryParseBody(out var doc, out error)) return false;
        using (doc)
        {
            if (!JsonUtil.TryGet(doc.RootElement, "BulkValues", out var bulk) || !JsonUtil.TryGet(bulk, "Value", out var arr) || arr.ValueKind != JsonValueKind.Array)
            {
                error = r.BadRequest("BulkValues.Value is required.");
                return false;
            }
            values = new List<string>();
            foreach (var v in arr.EnumerateArray())
            {
                values.Add(v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText()); // a JSON string's value is never null
            }
            error = readRest?.Invoke(doc.RootElement);
        }
        return error == null;
    }

    /// <summary>
    /// A bulk call on devices: <c>searchby</c> (DeviceId when absent) names the values; the role needs
    /// <paramref name="permissions"/>; more values than the <c>bulksettings</c> entry <paramref name="limitKey"/>
    /// refuses the whole call (400); otherwise <paramref name="act"/> runs on each device found and returns why it
    /// failed, or null. Unknown devices and failures go into Faults, the rest are done.
    /// </summary>
    public static ApiResult OnDevices(ApiRequest r, string[] permissions, string limitKey, Func<DeviceRecord, string?> act, Func<JsonElement, ApiResult?>? readRest = null)
    {
        var searchBy = r.Q("searchby") ?? "DeviceId";
        if (DeviceEndpoints.CheckSearchBy(r, searchBy) is { } invalid) return invalid;
        if (!r.Has(permissions)) return r.Forbidden();
        if (!TryReadValues(r, out var values, out var error, readRest)) return error;
        if (r.Options.BulkLimits.TryGetValue(limitKey, out var limit) && values.Count > limit)
            return r.BadRequest($"The bulk {limitKey} limit is {limit} devices per request; {values.Count} were sent.");
        var outcome = new Outcome();
        foreach (var item in values)
        {
            var d = r.Data.FindDevice(searchBy, item);
            var failure = d == null ? "Device not found." : act(d);
            if (failure == null) outcome.Accept(); else outcome.Fail(item, failure);
        }
        return Respond(outcome);
    }

    public static ApiResult Respond(Outcome o) => ApiResult.Json(200, w =>
    {
        w.WriteStartObject();
        w.WriteNumber("TotalItems", o.Total);
        w.WriteNumber("AcceptedItems", o.Accepted);
        w.WriteNumber("FailedItems", o.Faults.Count);
        w.WritePropertyName("Faults");
        w.WriteStartObject();
        w.WritePropertyName("Fault");
        w.WriteStartArray();
        foreach (var (item, message) in o.Faults)
        {
            w.WriteStartObject();
            w.WriteNumber("ErrorCode", 400);
            w.WriteString("ItemValue", item);
            w.WriteString("Message", message);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    });
}
