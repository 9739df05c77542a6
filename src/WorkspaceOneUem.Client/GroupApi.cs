using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;
using WorkspaceOneUem.Client.Dtos;
using WorkspaceOneUem.Client.Http;
using WorkspaceOneUem.Client.Json;

namespace WorkspaceOneUem.Client
{
    /// <summary>Server-side filters for an organization group search. The API matches <see cref="Name"/> partially.</summary>
    public sealed class GroupSearch
    {
        public string? Name { get; set; }

        /// <summary>The group type (Customer, Container, ...), matched exactly.</summary>
        public string? Type { get; set; }

        /// <summary>The group's short code (GroupId), matched exactly.</summary>
        public string? GroupId { get; set; }
    }

    /// <summary>Organization groups (system v1, docs/api-behaviour.md §6).</summary>
    public sealed class GroupApi
    {
        private readonly Ws1Session _session;
        private readonly Ws1Transport _transport;

        internal GroupApi(Ws1Session session, Ws1Transport transport)
        {
            _session = session;
            _transport = transport;
        }

        /// <summary>Every group matching the filters (all groups without any), page after page, through the paging core.</summary>
        public async IAsyncEnumerable<Ws1OrganizationGroup> SearchAsync(GroupSearch? filter, [EnumeratorCancellation] CancellationToken ct)
        {
            filter = filter ?? new GroupSearch();
            Ws1Limits.Check("Name", filter.Name);
            Ws1Limits.Check("Type", filter.Type);
            Ws1Limits.Check("GroupId", filter.GroupId);
            QueryString query = new QueryString()
                .Add("name", filter.Name)
                .Add("type", filter.Type)
                .Add("groupid", filter.GroupId);
            await foreach (GroupDto dto in PagedSearch.ReadAsync<GroupSearchPage, GroupDto>(_transport, "system/groups/search", query, Ws1Action.ReadGroups,
                               $"search organization groups on {_session.AccountName}", g => g.Id, _session.PageConcurrency, ct).ConfigureAwait(false))
            {
                yield return dto.ToGroup(_session.AccountName);
            }
        }

        /// <summary>One group by its numeric id; NotFound when there is none.</summary>
        public async Task<Ws1OrganizationGroup> GetAsync(long id, CancellationToken ct)
        {
            var request = new ApiRequest(HttpMethod.Get, "system/groups/" + Id(id), Ws1Action.ReadGroups, $"get organization group {id} on {_session.AccountName}");
            GroupDto? dto = await _transport.SendAsync(request, reader => ReadGroup(reader), ct).ConfigureAwait(false);
            if (dto == null)
                throw new Ws1ApiException(Ws1ErrorKind.NotFound, $"Organization group {id} was not found on {_session.AccountName}.");
            return dto.ToGroup(_session.AccountName);
        }

        /// <summary>
        /// The account's customer group: the top of what an admin of one customer sees, found with one search by type.
        /// A key that reaches several customers (or none, only Global) must name the group: the error says so.
        /// </summary>
        public async Task<Ws1OrganizationGroup> GetCustomerGroupAsync(CancellationToken ct)
        {
            var customers = new List<Ws1OrganizationGroup>();
            await foreach (Ws1OrganizationGroup group in SearchAsync(new GroupSearch { Type = CustomerType }, ct).ConfigureAwait(false))
            {
                // The filter may match partially, as the API's filters do: keep exact Customer groups only.
                if (string.Equals(group.Type, CustomerType, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrEmpty(group.Uuid))
                    customers.Add(group);
            }
            if (customers.Count == 1)
                return customers[0];
            string found = customers.Count == 0
                ? "it sees no group of type Customer"
                : "it sees several: " + string.Join(", ", customers.Select(g => $"'{g.Name}' (id {g.Id})"));
            throw new Ws1ApiException(Ws1ErrorKind.NotFound,
                $"The customer organization group of {_session.AccountName} could not be chosen: {found}. Give -OrganizationGroupId (or -OrganizationGroupUuid).");
        }

        private const string CustomerType = "Customer";

        /// <summary>The group and every group below it: the API answers a bare list that holds the group itself too.</summary>
        public async Task<IReadOnlyList<Ws1OrganizationGroup>> GetSubtreeAsync(long id, CancellationToken ct)
        {
            var request = new ApiRequest(HttpMethod.Get, $"system/groups/{Id(id)}/children", Ws1Action.ReadGroups,
                $"list the groups under organization group {id} on {_session.AccountName}");
            List<GroupDto>? dtos = await _transport.SendAsync(request, reader =>
            {
                if (reader.TokenType != JsonToken.StartArray)
                    throw new ResponseShapeException($"is {JsonTokens.Describe(reader.TokenType)} instead of a list of organization groups");
                return Ws1Json.Serializer.Deserialize<List<GroupDto>>(reader);
            }, ct).ConfigureAwait(false);
            var groups = new List<Ws1OrganizationGroup>();
            foreach (GroupDto dto in dtos ?? new List<GroupDto>())
            {
                if (dto == null || dto.Id == 0)
                    throw new Ws1ApiException(Ws1ErrorKind.UnexpectedShape,
                        $"The server's answer to 'list the groups under organization group {id} on {_session.AccountName}' has a group without an id. None of it was used.");
                groups.Add(dto.ToGroup(_session.AccountName));
            }
            return groups;
        }

        private static GroupDto ReadGroup(JsonReader reader)
        {
            if (reader.TokenType != JsonToken.StartObject)
                throw new ResponseShapeException($"is {JsonTokens.Describe(reader.TokenType)} instead of an organization group");
            GroupDto? dto = Ws1Json.Serializer.Deserialize<GroupDto>(reader);
            if (dto == null || dto.Id == 0)
                throw new ResponseShapeException("is an organization group without an id");
            return dto;
        }

        private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
    }
}
