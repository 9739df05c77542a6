using System.Collections.Generic;
using System.Globalization;
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
        public async Task<IReadOnlyList<Ws1OrganizationGroup>> SearchFirstPageAsync(string name, int pageSize, CancellationToken ct)
        {
            string path = new QueryString()
                .Add("name", name)
                .Add("page", "0")
                .Add("pagesize", pageSize.ToString(CultureInfo.InvariantCulture))
                .AppendTo("system/groups/search");
            var request = new ApiRequest(HttpMethod.Get, path, Ws1Action.ReadGroups, $"search organization groups on {_session.AccountName}");
            GroupPage page = await _transport.SendAsync(request, reader => Ws1Json.Serializer.Deserialize<GroupPage>(reader), ct).ConfigureAwait(false);
            return page?.LocationGroups ?? new List<Ws1OrganizationGroup>();
        }

        private sealed class GroupPage
        {
            [JsonProperty("LocationGroups")] public List<Ws1OrganizationGroup> LocationGroups { get; set; }
        }
    }
}
