namespace WorkspaceOneUem.Client.Http
{
    /// <summary>
    /// A 64-bit FNV-1a hash of text parts: stands in for an id where a listing has none, so paging can still
    /// drop records that shifted onto the next page. Stable across processes, unlike string.GetHashCode.
    /// </summary>
    internal static class StableHash
    {
        public static long Of(params string?[] parts)
        {
            ulong hash = 14695981039346656037UL;
            foreach (string? part in parts)
            {
                foreach (char c in part ?? string.Empty)
                {
                    hash ^= c;
                    hash *= 1099511628211UL;
                }
                hash ^= 0xFFFF; // separator: ("ab","c") and ("a","bc") differ
                hash *= 1099511628211UL;
            }
            return (long)hash;
        }
    }
}
