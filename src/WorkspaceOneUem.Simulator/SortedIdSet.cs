namespace WorkspaceOneUem.Simulator;

/// <summary>
/// Ids removed from a dense range 1..N (deleted seeded users, deleted devices), kept sorted so the k-th live id
/// and "how many are gone below id" are answered without scanning the range.
/// </summary>
internal sealed class SortedIdSet
{
    private readonly List<int> _ids = new();

    public int Count => _ids.Count;

    public bool Contains(int id) => _ids.BinarySearch(id) >= 0;

    /// <summary>Adds an id; false when it was there already.</summary>
    public bool Add(int id)
    {
        int i = _ids.BinarySearch(id);
        if (i >= 0) return false;
        _ids.Insert(~i, id);
        return true;
    }

    public int CountAtOrBelow(int id)
    {
        int i = _ids.BinarySearch(id);
        return i >= 0 ? i + 1 : ~i;
    }

    /// <summary>The k-th (0-based) id of 1, 2, 3, ... that is not in the set, in O(log n) steps per round.</summary>
    public int NthAbsent(int k)
    {
        // Smallest id with exactly k+1 absent ids at or below it: the fixed point of id = k + 1 + removed(<= id).
        int candidate = k + 1;
        while (true)
        {
            int next = k + 1 + CountAtOrBelow(candidate);
            if (next == candidate) return candidate;
            candidate = next;
        }
    }

    public IEnumerable<int> Ids => _ids;
}
