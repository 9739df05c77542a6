using System.Text.Json;

namespace WorkspaceOneUem.Simulator;

/// <summary>One page of a v1 search envelope ({"Users":[...],"Page","PageSize","Total"}), or 204 past the end.</summary>
internal static class SearchPage
{
    public static ApiResult Write<T>(string envelope, int page, int size, int total, Func<int, T> itemAt,
        Action<Utf8JsonWriter, T, RawJson> writeItem, int bytesPerItem)
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
            for (int k = (int)offset; k < end; k++) writeItem(w, itemAt(k), raw);
            w.WriteEndArray();
            w.WriteNumber("Page", page);
            w.WriteNumber("PageSize", size);
            w.WriteNumber("Total", total);
            w.WriteEndObject();
        }, (end - (int)offset) * bytesPerItem + 256);
    }
}
