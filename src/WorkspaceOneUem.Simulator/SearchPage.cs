using System.Text.Json;

namespace WorkspaceOneUem.Simulator;

/// <summary>
/// One page of a v1 search envelope ({"Users":[...],"Page","PageSize","Total"}), or 204 with an empty body
/// past the end, as every v1 search answers.
/// </summary>
internal static class SearchPage
{
    /// <param name="writeAt">Writes the item at a 0-based position in the result; the RawJson is scratch space reused across the page.</param>
    public static ApiResult Write(string envelope, int page, int size, int total, Action<Utf8JsonWriter, int, RawJson> writeAt, int bytesPerItem = 512)
    {
        long offset = (long)page * size;
        if (offset >= total) return ApiResult.NoContent();
        int end = (int)Math.Min(total, offset + size);
        return ApiResult.Json(200, w =>
        {
            w.WriteStartObject();
            w.WritePropertyName(envelope);
            w.WriteStartArray();
            using var raw = new RawJson();
            for (int k = (int)offset; k < end; k++) writeAt(w, k, raw);
            w.WriteEndArray();
            w.WriteNumber("Page", page);
            w.WriteNumber("PageSize", size);
            w.WriteNumber("Total", total);
            w.WriteEndObject();
        }, (end - (int)offset) * bytesPerItem + 256);
    }
}
