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

    /// <summary>Reads {"BulkValues":{"Value":["12","34"]}}; numbers are accepted too.</summary>
    public static bool TryReadValues(ApiRequest r, out List<string> values, out ApiResult error)
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
                values.Add(v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText());
            }
        }
        return true;
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
