using System.Collections.Generic;
using System.Linq;

namespace WorkspaceOneUem.Infrastructure
{
    /// <summary>
    /// The names given to one parameter (-Name a*, b): a candidate matches when any of them does. No names
    /// given means no filter, so <see cref="From"/> returns null and <see cref="Matches(NameFilterSet, string)"/> passes everything.
    /// </summary>
    internal sealed class NameFilterSet
    {
        private readonly List<NameFilter> _filters;

        private NameFilterSet(List<NameFilter> filters)
        {
            _filters = filters;
        }

        /// <summary>The filters for the values of <paramref name="parameter"/>; an <see cref="InvalidWildcardException"/> for a pattern PowerShell rejects.</summary>
        public static NameFilterSet? From(string parameter, IEnumerable<string?>? values)
        {
            List<NameFilter>? filters = values?.OfType<string>().Where(v => v.Length > 0).Select(v => NameFilter.Parse(parameter, v)).ToList();
            return filters == null || filters.Count == 0 ? null : new NameFilterSet(filters);
        }

        public IReadOnlyList<NameFilter> Filters => _filters;

        public static bool Matches(NameFilterSet? set, string? candidate) => set == null || set._filters.Any(f => f.Matches(candidate));
    }
}
