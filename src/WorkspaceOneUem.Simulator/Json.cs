using System.Buffers;
using System.Text.Encodings.Web;

namespace WorkspaceOneUem.Simulator;

/// <summary>Growable output buffer backed by ArrayPool: a 500-record page is ~400 KB and would otherwise land on the LOH on every request.</summary>
internal sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
{
    private byte[]? _buffer; // null once disposed
    private int _written;

    public PooledBufferWriter(int initialCapacity = 4096) => _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);

    private byte[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(PooledBufferWriter));

    public int Length => _written;
    public ReadOnlyMemory<byte> WrittenMemory => Buffer.AsMemory(0, _written);

    public void Advance(int count) => _written += count;

    public Memory<byte> GetMemory(int sizeHint = 0) => Ensure(sizeHint).AsMemory(_written);

    public Span<byte> GetSpan(int sizeHint = 0) => Ensure(sizeHint).AsSpan(_written);

    public void Write(ReadOnlySpan<byte> data) { data.CopyTo(GetSpan(data.Length)); _written += data.Length; }



    /// <summary>Makes room for <paramref name="sizeHint"/> more bytes; returns the buffer to write into.</summary>
    private byte[] Ensure(int sizeHint)
    {
        var buffer = Buffer;
        if (sizeHint < 1) sizeHint = 256;
        if (buffer.Length - _written >= sizeHint) return buffer;
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(buffer.Length * 2, _written + sizeHint));
        buffer.AsSpan(0, _written).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(buffer);
        return _buffer = bigger;
    }

    public void Dispose()
    {
        var b = _buffer;
        _buffer = null;
        if (b != null) ArrayPool<byte>.Shared.Return(b);
    }
}

internal static class JsonUtil
{
    // Relaxed escaping so '+', apostrophes and non-ASCII names come out literally, like the real service.
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    public static readonly JsonWriterOptions IndentedOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = true,
    };

    public static readonly JsonDocumentOptions ReadOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
    };

    /// <summary>Case-insensitive property lookup: the real v1 binder ignores property-name case.</summary>
    public static bool TryGet(JsonElement obj, string name, out JsonElement value)
    {
        if (obj.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in obj.EnumerateObject())
            {
                if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) { value = p.Value; return true; }
            }
        }
        value = default;
        return false;
    }

    /// <summary>Reads a string or number property as text (clients send "570" and 570 interchangeably).</summary>
    public static string? GetText(JsonElement obj, string name)
    {
        if (!TryGet(obj, name, out var v)) return null;
        return v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Object when TryGet(v, "Value", out var inner) => inner.ValueKind == JsonValueKind.String ? inner.GetString() : inner.GetRawText(),
            _ => null,
        };
    }

    public static bool? GetBool(JsonElement obj, string name)
    {
        var t = GetText(obj, name);
        if (t == null) return null;
        if (bool.TryParse(t, out var b)) return b;
        if (t == "1") return true;
        if (t == "0") return false;
        return null;
    }

    public static int? GetInt(JsonElement obj, string name)
    {
        var t = GetText(obj, name);
        return t != null && int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null;
    }

    public static void WriteIdValue(Utf8JsonWriter w, string property, long id)
    {
        w.WritePropertyName(property);
        w.WriteStartObject();
        w.WriteNumber("Value", id);
        w.WriteEndObject();
    }

    public static PooledBufferWriter Write(Action<Utf8JsonWriter> body, int initialCapacity = 1024, bool indented = false)
    {
        var buffer = new PooledBufferWriter(initialCapacity);
        using (var w = new Utf8JsonWriter(buffer, indented ? IndentedOptions : WriterOptions))
        {
            body(w);
        }
        return buffer;
    }

    public static string FormatWsDate(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture);
}

/// <summary>
/// Hand-rolled UTF-8 JSON fragment writer for the hot paths (500-record pages): property names are
/// pre-encoded literals, values are escaped only when they contain a quote, a backslash or a control char.
/// The fragment is then spliced into a Utf8JsonWriter with WriteRawValue.
/// </summary>
internal sealed class RawJson : IDisposable
{
    private static readonly System.Buffers.SearchValues<byte> NeedsEscape =
        System.Buffers.SearchValues.Create(Enumerable.Range(0, 0x20).Select(i => (byte)i).Concat(new[] { (byte)'"', (byte)'\\' }).ToArray());

    // Both null once disposed.
    private byte[]? _buffer = ArrayPool<byte>.Shared.Rent(4096);
    private byte[]? _scratch = ArrayPool<byte>.Shared.Rent(512);
    private int _length;

    private byte[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(RawJson));

    public ReadOnlySpan<byte> Written => Buffer.AsSpan(0, _length);

    public void Clear() => _length = 0; // the same arrays serve every record of a page

    private Span<byte> Reserve(int size)
    {
        var buffer = Buffer;
        if (buffer.Length - _length < size)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(buffer.Length * 2, _length + size));
            buffer.AsSpan(0, _length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(buffer);
            _buffer = buffer = bigger;
        }
        return buffer.AsSpan(_length, size);
    }

    public void Raw(ReadOnlySpan<byte> utf8)
    {
        utf8.CopyTo(Reserve(utf8.Length));
        _length += utf8.Length;
    }

    public void Number(long value)
    {
        var span = Reserve(24);
        System.Buffers.Text.Utf8Formatter.TryFormat(value, span, out int written);
        _length += written;
    }

    public void Bool(bool value) => Raw(value ? "true"u8 : "false"u8);

    public void String(string? value)
    {
        if (value == null) { Raw("null"u8); return; }
        var scratch = _scratch ?? throw new ObjectDisposedException(nameof(RawJson));
        int max = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (scratch.Length < max)
        {
            ArrayPool<byte>.Shared.Return(scratch);
            _scratch = scratch = ArrayPool<byte>.Shared.Rent(max);
        }
        int n = Encoding.UTF8.GetBytes(value, scratch);
        var bytes = scratch.AsSpan(0, n);
        int first = bytes.IndexOfAny(NeedsEscape);
        if (first < 0)
        {
            var span = Reserve(n + 2);
            span[0] = (byte)'"';
            bytes.CopyTo(span.Slice(1));
            span[n + 1] = (byte)'"';
            _length += n + 2;
            return;
        }
        Raw("\""u8);
        foreach (var b in bytes)
        {
            switch (b)
            {
                case (byte)'"': Raw("\\\""u8); break;
                case (byte)'\\': Raw("\\\\"u8); break;
                case (byte)'\n': Raw("\\n"u8); break;
                case (byte)'\r': Raw("\\r"u8); break;
                case (byte)'\t': Raw("\\t"u8); break;
                default:
                    if (b < 0x20)
                    {
                        Raw("\\u00"u8);
                        Raw(new[] { (byte)"0123456789abcdef"[b >> 4], (byte)"0123456789abcdef"[b & 0xF] });
                    }
                    else
                    {
                        Reserve(1)[0] = b;
                        _length++;
                    }
                    break;
            }
        }
        Raw("\""u8);
    }

    public void Dispose()
    {
        if (_buffer != null) ArrayPool<byte>.Shared.Return(_buffer);
        if (_scratch != null) ArrayPool<byte>.Shared.Return(_scratch);
        _buffer = _scratch = null;
    }
}
