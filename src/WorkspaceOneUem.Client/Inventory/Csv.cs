using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Text;

namespace WorkspaceOneUem.Client.Inventory
{
    /// <summary>
    /// Writes RFC 4180 CSV: comma-separated, CRLF rows, fields with commas, quotes or line breaks quoted, quotes
    /// doubled. Null and empty differ: null is an empty unquoted field, an empty string is "".
    /// </summary>
    internal sealed class CsvWriter
    {
        private readonly TextWriter _writer;
        private bool _rowStarted;

        public CsvWriter(TextWriter writer)
        {
            _writer = writer;
        }

        public void WriteField(string? value)
        {
            if (_rowStarted)
                _writer.Write(',');
            _rowStarted = true;
            if (value == null)
                return;
            if (value.Length > 0 && value.IndexOfAny(NeedQuotes) < 0)
            {
                _writer.Write(value);
                return;
            }
            _writer.Write('"');
            _writer.Write(value.Replace("\"", "\"\""));
            _writer.Write('"');
        }

        public void EndRow()
        {
            _writer.Write("\r\n");
            _rowStarted = false;
        }

        private static readonly char[] NeedQuotes = { ',', '"', '\r', '\n' };
    }

    /// <summary>
    /// Keeps spreadsheets from running text cells as formulas (CSV injection). A text value that starts with =, +, -,
    /// @, a tab or a carriage return is written with one apostrophe in front, which spreadsheets show as text. A value
    /// that already starts with an apostrophe gets one too, so every marked cell starts with one and reading back
    /// removes exactly one: the round trip is exact for any value.
    /// </summary>
    internal static class SpreadsheetText
    {
        private const char Mark = '\'';

        [return: NotNullIfNotNull(nameof(value))]
        public static string? Protect(string? value) =>
            value != null && value.Length > 0 && IsRisky(value[0]) ? Mark + value : value;

        [return: NotNullIfNotNull(nameof(cell))]
        public static string? Restore(string? cell) =>
            cell != null && cell.Length > 0 && cell[0] == Mark ? cell.Substring(1) : cell;

        private static bool IsRisky(char first) =>
            first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r' || first == Mark;
    }

    /// <summary>One field of a CSV row: its text and whether it was quoted (an empty unquoted field is null).</summary>
    internal struct CsvField
    {
        public CsvField(string text, bool quoted)
        {
            Text = text;
            Quoted = quoted;
        }

        public string Text { get; }
        public bool Quoted { get; }

        public string? Value => Quoted || Text.Length > 0 ? Text : null;
    }

    /// <summary>Reads what <see cref="CsvWriter"/> writes (and RFC 4180 CSV generally), row by row, with quoted line breaks.</summary>
    internal sealed class CsvReader
    {
        private readonly TextReader _reader;
        private readonly char[] _buffer = new char[1 << 16];
        private readonly StringBuilder _field = new StringBuilder();
        private int _pos;
        private int _length;
        private int _line = 1;

        public CsvReader(TextReader reader)
        {
            _reader = reader;
        }

        /// <summary>The line the last row read starts on (1-based), for error messages.</summary>
        public int RowLine { get; private set; }

        /// <summary>Reads the next row into <paramref name="fields"/>; false at the end. Blank lines are skipped.</summary>
        public bool ReadRow(List<CsvField> fields)
        {
            fields.Clear();
            int c = Next();
            while (c == '\r' || c == '\n')
            {
                SkipLineBreak(c);
                c = Next();
            }
            if (c < 0)
                return false;
            RowLine = _line;
            while (true)
            {
                _field.Clear();
                bool quoted = c == '"';
                if (quoted)
                {
                    while (true)
                    {
                        c = Next();
                        if (c < 0)
                            throw new InvalidDataException($"line {RowLine}: a quoted field is not closed before the end of the file.");
                        if (c == '"')
                        {
                            c = Next();
                            if (c == '"')
                            {
                                _field.Append('"');
                                continue;
                            }
                            break;
                        }
                        if (c == '\n')
                            _line++;
                        _field.Append((char)c);
                    }
                    if (c != ',' && c != '\r' && c != '\n' && c >= 0)
                        throw new InvalidDataException($"line {_line}: unexpected text after a closing quote.");
                }
                else
                {
                    while (c != ',' && c != '\r' && c != '\n' && c >= 0)
                    {
                        if (c == '"')
                            throw new InvalidDataException($"line {_line}: a quote inside an unquoted field.");
                        _field.Append((char)c);
                        c = Next();
                    }
                }
                fields.Add(new CsvField(_field.ToString(), quoted));
                if (c == ',')
                {
                    c = Next();
                    continue;
                }
                if (c >= 0)
                    SkipLineBreak(c);
                return true;
            }
        }

        // Finishes a line break whose first character (CR or LF) was read: CRLF, LF or a lone CR.
        private void SkipLineBreak(int c)
        {
            if (c == '\r')
            {
                int next = Next();
                if (next != '\n' && next >= 0)
                    _pos--;
            }
            _line++;
        }

        private int Next()
        {
            if (_pos == _length)
            {
                _length = _reader.Read(_buffer, 0, _buffer.Length);
                _pos = 0;
                if (_length <= 0)
                {
                    _length = 0;
                    return -1;
                }
            }
            return _buffer[_pos++];
        }
    }
}
