using System.Text.Json;

namespace WorkspaceOneUem.Simulator;

/// <summary>
/// One page of a v1 search envelope ({"Users":[...],"Page","PageSize","Total"}), or 204 with an empty body
/// past the end, as every v1 search answers.
/// </summary>
internal static class SearchPage
{
    /// <summary>The paging fields of an answer: v1's Page, PageSize, Total, or the snake_case of newer operations.</summary>
    public sealed record Fields(string Page, string PageSize, string Total)
    {
        public static readonly Fields V1 = new("Page", "PageSize", "Total");
        public static readonly Fields SnakeCase = new("page", "page_size", "total");
    }

    /// <param name="writeAt">Writes the item at a 0-based position in the result; the RawJson is scratch space reused across the page.</param>
    /// <param name="fields">The names of the paging fields; v1's by default.</param>
    public static ApiResult Write(string envelope, int page, int size, int total, Action<Utf8JsonWriter, int, RawJson> writeAt, int bytesPerItem = 512, Fields? fields = null)
    {
        fields ??= Fields.V1;
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
            w.WriteNumber(fields.Page, page);
            w.WriteNumber(fields.PageSize, size);
            w.WriteNumber(fields.Total, total);
            w.WriteEndObject();
        }, (end - (int)offset) * bytesPerItem + 256);
    }
}
