using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using WorkspaceOneUem.Client;

namespace WorkspaceOneUem.Infrastructure
{
    /// <summary>
    /// What the group cmdlets share: a search whose name filter the API matches partially,
    /// narrowed here to exact or wildcard names, and a lookup by ids the search cannot filter on.
    /// </summary>
    internal static class GroupListing
    {
        /// <summary>The groups matching any of the names (all without names), each once: one search per name, with its longest literal as the server filter.</summary>
        public static IEnumerable<T> WithNames<T>(Ws1Cmdlet cmdlet, NameFilterSet? names, Func<string?, IAsyncEnumerable<T>> search, Func<T, string?> nameOf, Func<T, long> idOf)
        {
            var seen = new HashSet<long>();
            foreach (NameFilter? name in (IEnumerable<NameFilter?>?)names?.Filters ?? new NameFilter?[] { null })
            {
                foreach (T group in cmdlet.Stream(search(name?.ServerFilter)))
                {
                    if ((name == null || name.Matches(nameOf(group))) && seen.Add(idOf(group)))
                        yield return group;
                }
            }
        }

        /// <summary>
        /// The groups with these ids: the search has no id filter, so the groups are listed once and matched here,
        /// however many ids are asked for. An id not there is an ObjectNotFound error (<paramref name="kind"/>: "user group").
        /// </summary>
        public static IEnumerable<T> WithIds<T>(Ws1Cmdlet cmdlet, Ws1Session session, IEnumerable<long> ids, IAsyncEnumerable<T> all, Func<T, long> idOf, string kind, string errorId, string command)
        {
            Dictionary<long, T> byId = cmdlet.Stream(all).ToDictionary(idOf);
            foreach (long id in ids.Distinct())
            {
                if (byId.TryGetValue(id, out T? group))
                    yield return group;
                else
                    cmdlet.WriteError(new ErrorRecord(new ItemNotFoundException($"No {kind} with id {id} on account '{session.AccountName}'. List them with {command} -AccountName '{session.AccountName}'."),
                        errorId, ErrorCategory.ObjectNotFound, id));
            }
        }
    }
}
