using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using WorkspaceOneUem.Client;

namespace WorkspaceOneUem.Infrastructure
{
    /// <summary>
    /// Completes -OrganizationGroupId with the ids of the tenant's groups, showing their names. Reads the groups
    /// (the search Get-Ws1OrganizationGroup uses, at most <see cref="MaxGroups"/>) once per session under a short
    /// timeout and keeps them, so tab stays quick.
    /// </summary>
    public sealed class OrganizationGroupCompleter : IArgumentCompleter
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);
        private const int MaxGroups = 1000;
        private static readonly ConditionalWeakTable<Ws1Session, IReadOnlyList<Ws1OrganizationGroup>> Cache = new ConditionalWeakTable<Ws1Session, IReadOnlyList<Ws1OrganizationGroup>>();

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            Ws1Session? session = SessionFor(fakeBoundParameters);
            if (session == null)
                return Enumerable.Empty<CompletionResult>();
            string typed = Completion.Unquote(wordToComplete);
            return Groups(session)
                .Where(g => g.Id.ToString(CultureInfo.InvariantCulture).StartsWith(typed, StringComparison.Ordinal)
                            || (g.Name ?? string.Empty).StartsWith(typed, StringComparison.OrdinalIgnoreCase))
                .Select(g => new CompletionResult(g.Id.ToString(CultureInfo.InvariantCulture), $"{g.Id} {g.Name}", CompletionResultType.ParameterValue,
                    $"{g.Name} ({g.GroupId}, {g.Type})"))
                .ToList();
        }

        private static Ws1Session? SessionFor(IDictionary bound)
        {
            Ws1SessionRegistry registry = Ws1SessionRegistry.Current;
            object? named = bound != null && bound.Contains("AccountName") ? bound["AccountName"] : null;
            if (named is PSObject pso)
                named = pso.BaseObject;
            string? name = named is string s ? s : (named as object[])?.FirstOrDefault() as string ?? (named as string[])?.FirstOrDefault();
            return registry.Find(name ?? registry.DefaultAccountName ?? string.Empty);
        }

        private static IReadOnlyList<Ws1OrganizationGroup> Groups(Ws1Session session)
        {
            if (Cache.TryGetValue(session, out IReadOnlyList<Ws1OrganizationGroup>? cached))
                return cached;
            try
            {
                using (var cts = new CancellationTokenSource(Timeout))
                {
                    IReadOnlyList<Ws1OrganizationGroup> groups = FirstGroupsAsync(session, cts.Token).GetAwaiter().GetResult();
                    Cache.Add(session, groups);
                    return groups;
                }
            }
            catch (Exception ex) when (ex is Ws1ApiException || ex is OperationCanceledException)
            {
                // Completion must never throw at the user; an unreachable tenant just offers nothing.
                return Array.Empty<Ws1OrganizationGroup>();
            }
        }

        private static async Task<IReadOnlyList<Ws1OrganizationGroup>> FirstGroupsAsync(Ws1Session session, CancellationToken ct)
        {
            var groups = new List<Ws1OrganizationGroup>();
            await foreach (Ws1OrganizationGroup group in session.Groups.SearchAsync(null, ct).ConfigureAwait(false))
            {
                groups.Add(group);
                if (groups.Count >= MaxGroups)
                    break;
            }
            return groups;
        }
    }
}
