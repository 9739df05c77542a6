using Newtonsoft.Json;

namespace WorkspaceOneUem.Client.Json
{
    /// <summary>
    /// The property names of one answer, each made into a string once: a page of 500 records repeats the same few
    /// dozen names, which the reader would otherwise allocate again for every record. Bounded, so an answer whose
    /// names never repeat costs no more than it did without the table.
    /// </summary>
    internal sealed class LearningNameTable : JsonNameTable
    {
        private const int MaxNames = 1024;

        private readonly DefaultJsonNameTable _names = new DefaultJsonNameTable();
        private int _count;

        public override string? Get(char[] key, int start, int length)
        {
            string? name = _names.Get(key, start, length);
            if (name != null || _count >= MaxNames)
                return name;
            _count++;
            return _names.Add(new string(key, start, length));
        }
    }
}
