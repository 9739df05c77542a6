using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using WorkspaceOneUem.Client.Dtos;
using WorkspaceOneUem.Client.Http;

namespace WorkspaceOneUem.Client
{
    /// <summary>Server-side filters for a user group search. The API matches <see cref="Name"/> partially.</summary>
    public sealed class UserGroupSearch
    {
        public string? Name { get; set; }
        public long? OrganizationGroupId { get; set; }
        public Ws1UserGroupType? Type { get; set; }
    }

    /// <summary>User groups and their members (system v1, docs/api-behaviour.md §13).</summary>
    public sealed class UserGroupApi
    {
        private readonly Ws1Session _session;
        private readonly Ws1Transport _transport;

        internal UserGroupApi(Ws1Session session, Ws1Transport transport)
        {
            _session = session;
            _transport = transport;
        }

        /// <summary>Every user group matching the filters (all without any), page after page, through the paging core.</summary>
        public async IAsyncEnumerable<Ws1UserGroup> SearchAsync(UserGroupSearch? filter, [EnumeratorCancellation] CancellationToken ct)
        {
            filter = filter ?? new UserGroupSearch();
            Ws1Limits.Check("Name", filter.Name);
            QueryString query = new QueryString()
                .Add("groupname", filter.Name)
                .Add("organizationgroupid", filter.OrganizationGroupId)
                .Add("usergrouptype", filter.Type?.ToString());
            await foreach (UserGroupDto dto in PagedSearch.ReadAsync<UserGroupSearchPage, UserGroupDto>(_transport, "system/usergroups/search", query,
                               Ws1Action.ReadUserGroups, $"search user groups on {_session.AccountName}", g => g.Id, _session.PageConcurrency, ct).ConfigureAwait(false))
            {
                Ws1UserGroup group = dto.ToGroup(_session.AccountName);
                // A type filter the server ignores (unknown parameters are) must not hand out the other kind.
                if (filter.Type == null || group.Type == filter.Type)
                    yield return group;
            }
        }

        /// <summary>
        /// One group by its numeric id; NotFound when there is none. The notes list no call that reads one user group,
        /// so the search is read and matched by id: a tenant has few groups, so this is one page in most tenants.
        /// </summary>
        public Task<Ws1UserGroup> GetAsync(long id, CancellationToken ct) =>
            SearchAsync(null, ct).FindByIdAsync(g => g.Id, id, $"User group {id} was not found on {_session.AccountName}.", ct);

        /// <summary>The groups whose name equals <paramref name="name"/>, ignoring case (several organization groups may each have one); the API's filter alone matches partially.</summary>
        public async Task<List<Ws1UserGroup>> FindByNameAsync(string name, CancellationToken ct)
        {
            var found = new List<Ws1UserGroup>();
            await foreach (Ws1UserGroup group in SearchAsync(new UserGroupSearch { Name = name }, ct).ConfigureAwait(false))
            {
                if (string.Equals(group.Name, name, StringComparison.OrdinalIgnoreCase))
                    found.Add(group);
            }
            return found;
        }

        /// <summary>The users in a group, page after page; NotFound when the group is not there.</summary>
        public IAsyncEnumerable<Ws1User> GetMembersAsync(long groupId, CancellationToken ct) => GetMembersAsync(groupId, _session.PageConcurrency, ct);

        private async IAsyncEnumerable<Ws1User> GetMembersAsync(long groupId, int concurrency, [EnumeratorCancellation] CancellationToken ct)
        {
            IAsyncEnumerable<UserDto> members = PagedSearch.ReadAsync<UserSearchPage, UserDto>(_transport, $"system/usergroups/{Id(groupId)}/users", new QueryString(),
                Ws1Action.ReadUserGroups, $"list the members of user group {groupId} on {_session.AccountName}", u => u.Id, concurrency, ct);
            IAsyncEnumerator<UserDto> e = members.GetAsyncEnumerator(ct);
            try
            {
                while (true)
                {
                    try
                    {
                        if (!await e.MoveNextAsync().ConfigureAwait(false))
                            yield break;
                    }
                    catch (Ws1ApiException ex) when (ex.Kind == Ws1ErrorKind.NotFound)
                    {
                        throw new Ws1ApiException(Ws1ErrorKind.NotFound, $"User group {groupId} was not found on {_session.AccountName}.", ex.StatusCode, ex.ErrorCode, ex.CorrelationId, ex);
                    }
                    yield return e.Current.ToUser(_session.AccountName);
                }
            }
            finally
            {
                await e.DisposeAsync().ConfigureAwait(false);
            }
        }

        /// <summary>Adds a user to a custom group; a directory-synced group is refused before anything is sent.</summary>
        public Task AddMemberAsync(Ws1UserGroup group, Ws1User user, CancellationToken ct) => ChangeMemberAsync(group, user, "addusertogroup", "add", "to", ct);

        /// <summary>Removes a user from a custom group; a directory-synced group is refused before anything is sent.</summary>
        public Task RemoveMemberAsync(Ws1UserGroup group, Ws1User user, CancellationToken ct) => ChangeMemberAsync(group, user, "removeuserfromgroup", "remove", "from", ct);

        /// <summary>
        /// Why the members of <paramref name="group"/> cannot be changed through the API (a DirectorySyncedGroup error
        /// to throw or write), or null when they can. Lets a caller refuse before it asks or sends anything.
        /// </summary>
        public static Ws1ApiException? FindChangeProblem(Ws1UserGroup group)
        {
            if (group == null)
                throw new ArgumentNullException(nameof(group));
            if (group.Type == Ws1UserGroupType.Custom)
                return null;
            string source = string.IsNullOrEmpty(group.DistinguishedName) ? "the directory" : $"the directory ({group.DistinguishedName})";
            return new Ws1ApiException(Ws1ErrorKind.DirectorySyncedGroup,
                $"User group {group.Describe()} on {group.AccountName} is synced from {source}: its members cannot be changed through the API. Change the membership in the directory; the next sync brings it over. Nothing was sent.");
        }

        /// <summary>
        /// Plans a membership change to <paramref name="group"/>: refuses a directory-synced group (DirectorySyncedGroup,
        /// nothing read or sent), then reads its members once (one request per 500) so that users already as asked need no call.
        /// </summary>
        public async Task<UserGroupMemberPlan> PlanAsync(Ws1UserGroup group, Ws1UserGroupMemberChange change, CancellationToken ct)
        {
            Ws1ApiException? problem = FindChangeProblem(group);
            if (problem != null)
                throw problem;
            CheckAccount(group.AccountName, $"User group {group.Describe()}");
            var members = new HashSet<long>();
            await foreach (Ws1User member in GetMembersAsync(group.Id, ct).ConfigureAwait(false))
                members.Add(member.Id);
            return new UserGroupMemberPlan(this, group, change, members);
        }

        private async Task ChangeMemberAsync(Ws1UserGroup group, Ws1User user, string verb, string action, string preposition, CancellationToken ct)
        {
            if (user == null)
                throw new ArgumentNullException(nameof(user));
            Ws1ApiException? problem = FindChangeProblem(group);
            if (problem != null)
                throw problem;
            CheckAccount(group.AccountName, $"User group {group.Describe()}");
            CheckAccount(user.AccountName, $"User '{user.UserName}' (id {user.Id})");
            var request = new ApiRequest(HttpMethod.Post, $"system/usergroups/{Id(group.Id)}/user/{Id(user.Id)}/{verb}", Ws1Action.ChangeUserGroupMembers,
                $"{action} user '{user.UserName}' (id {user.Id}) {preposition} user group {group.Describe()} on {_session.AccountName}");
            await _transport.SendAsync<object>(request, null, ct).ConfigureAwait(false);
        }

        /// <summary>An object of another account must never be sent to this one: its ids mean other records here.</summary>
        private void CheckAccount(string? accountName, string what)
        {
            if (accountName != null && !string.Equals(accountName, _session.AccountName, StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException($"{what} belongs to account '{accountName}', not '{_session.AccountName}'. Nothing was sent.");
        }

        /// <summary>
        /// The custom user groups that hold the user with id <paramref name="userId"/>, in the order the search lists
        /// them. See <see cref="FindCustomGroupsOfUsersAsync"/> for how it is read and what it costs.
        /// </summary>
        public async Task<IReadOnlyList<Ws1UserGroup>> FindCustomGroupsOfUserAsync(long userId, CancellationToken ct)
        {
            IReadOnlyDictionary<long, IReadOnlyList<Ws1UserGroup>> found = await FindCustomGroupsOfUsersAsync(new[] { userId }, ct).ConfigureAwait(false);
            return found[userId];
        }

        /// <summary>
        /// For each user id, the custom user groups that hold it (an empty list for none), each list in the order the
        /// search lists the groups. No call answers "the groups of a user", so the custom groups are listed (one
        /// request per 500 groups) and then the members of each group (one request per 500 members); a group the search
        /// counts as empty is not read. That cost does not grow with the number of users asked about: ask for all of a
        /// run's users in one call. Up to PageConcurrency groups are read at once.
        /// </summary>
        public async Task<IReadOnlyDictionary<long, IReadOnlyList<Ws1UserGroup>>> FindCustomGroupsOfUsersAsync(IEnumerable<long> userIds, CancellationToken ct)
        {
            if (userIds == null)
                throw new ArgumentNullException(nameof(userIds));
            var wanted = new HashSet<long>(userIds);
            var groups = new List<Ws1UserGroup>();
            if (wanted.Count > 0)
            {
                await foreach (Ws1UserGroup group in SearchAsync(new UserGroupSearch { Type = Ws1UserGroupType.Custom }, ct).ConfigureAwait(false))
                {
                    if (group.MemberCount > 0 || !group.MemberCountKnown)
                        groups.Add(group);
                }
            }

            // Each group's members in their own task; the groups run PageConcurrency at a time, each group's pages one
            // after another, so no more requests are in flight than a listing would have.
            var holders = new HashSet<long>[groups.Count];
            using (var gate = new SemaphoreSlim(Math.Max(1, _session.PageConcurrency)))
            {
                IEnumerable<Task> reads = groups.Select(async (group, index) =>
                {
                    await gate.WaitAsync(ct).ConfigureAwait(false);
                    try
                    {
                        var held = new HashSet<long>();
                        try
                        {
                            await foreach (Ws1User member in GetMembersAsync(group.Id, 1, ct).ConfigureAwait(false))
                            {
                                if (wanted.Contains(member.Id))
                                    held.Add(member.Id);
                            }
                        }
                        catch (Ws1ApiException ex) when (ex.Kind == Ws1ErrorKind.NotFound)
                        {
                            // Deleted since the search listed it: it holds nobody now.
                            held.Clear();
                        }
                        holders[index] = held;
                    }
                    finally
                    {
                        gate.Release();
                    }
                });
                await Task.WhenAll(reads.ToList()).ConfigureAwait(false);
            }

            var result = wanted.ToDictionary(id => id, id => new List<Ws1UserGroup>());
            for (int i = 0; i < groups.Count; i++)
            {
                foreach (long id in holders[i])
                    result[id].Add(groups[i]);
            }
            return result.ToDictionary(r => r.Key, r => (IReadOnlyList<Ws1UserGroup>)r.Value);
        }

        private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
    }
}
