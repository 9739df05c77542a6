using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;
using WorkspaceOneUem.Client.Http;
using WorkspaceOneUem.Client.Json;

namespace WorkspaceOneUem.Client
{
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

        /// <summary>One page of groups whose name contains <paramref name="name"/> (all groups when null).</summary>
        public async Task<IReadOnlyList<Ws1OrganizationGroup>> SearchFirstPageAsync(string? name, int pageSize, CancellationToken ct)
        {
            string path = new QueryString()
                .Add("name", name)
                .Add("page", "0")
                .Add("pagesize", pageSize.ToString(CultureInfo.InvariantCulture))
                .AppendTo("system/groups/search");
            var request = new ApiRequest(HttpMethod.Get, path, Ws1Action.ReadGroups, $"search organization groups on {_session.AccountName}");
            GroupPage? page = await _transport.SendAsync(request, reader => Ws1Json.Serializer.Deserialize<GroupPage>(reader), ct).ConfigureAwait(false);
            return page?.LocationGroups ?? new List<Ws1OrganizationGroup>();
        }

        /// <summary>One group by its numeric id; NotFound when there is none.</summary>
        public async Task<Ws1OrganizationGroup> GetAsync(long id, CancellationToken ct)
        {
            string notFound = $"No organization group with id {id} on {_session.AccountName}. Tab after -OrganizationGroupId lists them.";
            var request = new ApiRequest(HttpMethod.Get, "system/groups/" + id.ToString(CultureInfo.InvariantCulture), Ws1Action.ReadGroups,
                $"get organization group {id} on {_session.AccountName}");
            Ws1OrganizationGroup? group;
            try
            {
                group = await _transport.SendAsync(request, reader => Ws1Json.Serializer.Deserialize<Ws1OrganizationGroup>(reader), ct).ConfigureAwait(false);
            }
            catch (Ws1ApiException ex) when (ex.Kind == Ws1ErrorKind.NotFound)
            {
                throw new Ws1ApiException(Ws1ErrorKind.NotFound, notFound, ex.StatusCode, ex.ErrorCode, ex.CorrelationId, ex);
            }
            if (group == null || group.Id <= 0)
                throw new Ws1ApiException(Ws1ErrorKind.NotFound, notFound, correlationId: request.CorrelationId);
            if (string.IsNullOrEmpty(group.Uuid))
                throw new Ws1ApiException(Ws1ErrorKind.UnexpectedShape, $"Organization group {id} on {_session.AccountName} came back without its uuid.", correlationId: request.CorrelationId);
            return group;
        }

        /// <summary>
        /// The account's customer group: the top of what an admin of one customer sees, found with one search by type.
        /// A key that reaches several customers (or none, only Global) must name the group: the error says so.
        /// </summary>
        public async Task<Ws1OrganizationGroup> GetCustomerGroupAsync(CancellationToken ct)
        {
            string path = new QueryString().Add("type", CustomerType).Add("page", "0").Add("pagesize", "50").AppendTo("system/groups/search");
            var request = new ApiRequest(HttpMethod.Get, path, Ws1Action.ReadGroups, $"find the customer organization group of {_session.AccountName}");
            GroupPage? page = await _transport.SendAsync(request, reader => Ws1Json.Serializer.Deserialize<GroupPage>(reader), ct).ConfigureAwait(false);
            // The filter may match partially, as the API's filters do: keep exact Customer groups only.
            var customers = (page?.LocationGroups ?? new List<Ws1OrganizationGroup>())
                .Where(g => string.Equals(g.Type, CustomerType, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrEmpty(g.Uuid)).ToList();
            if (customers.Count == 1)
                return customers[0];
            string found = customers.Count == 0
                ? "it sees no group of type Customer"
                : "it sees several: " + string.Join(", ", customers.Select(g => $"'{g.Name}' (id {g.Id})"));
            throw new Ws1ApiException(Ws1ErrorKind.NotFound,
                $"The customer organization group of {_session.AccountName} could not be chosen: {found}. Give -OrganizationGroupId (or -OrganizationGroupUuid).",
                correlationId: request.CorrelationId);
        }

        private const string CustomerType = "Customer";

        private sealed class GroupPage
        {
            [JsonProperty("LocationGroups")] public List<Ws1OrganizationGroup>? LocationGroups { get; set; }
        }
    }
}
