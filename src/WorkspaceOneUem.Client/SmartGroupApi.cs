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
    /// <summary>Server-side filters for a smart group search. The API matches <see cref="Name"/> partially.</summary>
    public sealed class SmartGroupSearch
    {
        public string? Name { get; set; }
        public long? OrganizationGroupId { get; set; }
    }

    /// <summary>Smart groups and their devices (mdm v1, docs/api-behaviour.md §13).</summary>
    public sealed class SmartGroupApi
    {
        private readonly Ws1Session _session;
        private readonly Ws1Transport _transport;

        internal SmartGroupApi(Ws1Session session, Ws1Transport transport)
        {
            _session = session;
            _transport = transport;
        }

        /// <summary>Every smart group matching the filters (all without any), page after page, through the paging core.</summary>
        public async IAsyncEnumerable<Ws1SmartGroup> SearchAsync(SmartGroupSearch? filter, [EnumeratorCancellation] CancellationToken ct)
        {
            filter = filter ?? new SmartGroupSearch();
            Ws1Limits.Check("Name", filter.Name);
            QueryString query = new QueryString()
                .Add("name", filter.Name)
                .Add("organizationgroupid", filter.OrganizationGroupId);
            await foreach (SmartGroupDto dto in PagedSearch.ReadAsync<SmartGroupSearchPage, SmartGroupDto>(_transport, "mdm/smartgroups/search", query,
                               Ws1Action.ReadSmartGroups, $"search smart groups on {_session.AccountName}", g => g.Id, _session.PageConcurrency, ct).ConfigureAwait(false))
            {
                yield return dto.ToGroup(_session.AccountName);
            }
        }

        /// <summary>The ids of the devices in a smart group, as the API gives them (ids only); empty for none.</summary>
        public async Task<IReadOnlyList<long>> GetDeviceIdsAsync(long id, CancellationToken ct)
        {
            var request = new ApiRequest(HttpMethod.Get, $"mdm/smartgroups/{Id(id)}/devices", Ws1Action.ReadSmartGroups,
                $"list the devices of smart group {id} on {_session.AccountName}");
            SmartGroupDeviceList? list;
            try
            {
                list = await _transport.SendAsync(request, reader =>
                {
                    if (reader.TokenType != JsonToken.StartObject)
                        throw new ResponseShapeException($"is {JsonTokens.Describe(reader.TokenType)} instead of the devices of a smart group (an object with a 'Devices' list)");
                    return Ws1Json.Serializer.Deserialize<SmartGroupDeviceList>(reader);
                }, ct).ConfigureAwait(false);
            }
            catch (Ws1ApiException ex) when (ex.Kind == Ws1ErrorKind.NotFound)
            {
                throw new Ws1ApiException(Ws1ErrorKind.NotFound, $"Smart group {id} was not found on {_session.AccountName}.", ex.StatusCode, ex.ErrorCode, ex.CorrelationId, ex);
            }
            if (list == null)
                return Array.Empty<long>(); // 204: no devices
            if (list.Devices == null)
                throw new Ws1ApiException(Ws1ErrorKind.UnexpectedShape,
                    $"The server's answer to 'list the devices of smart group {id} on {_session.AccountName}' has no 'Devices' list. None of it was used.", correlationId: request.CorrelationId);
            var ids = new List<long>(list.Devices.Count);
            var seen = new HashSet<long>();
            foreach (SmartGroupDeviceId? device in list.Devices)
            {
                if (device == null || device.Id <= 0)
                    throw new Ws1ApiException(Ws1ErrorKind.UnexpectedShape,
                        $"The server's answer to 'list the devices of smart group {id} on {_session.AccountName}' has a device without an id. None of it was used.", correlationId: request.CorrelationId);
                if (seen.Add(device.Id))
                    ids.Add(device.Id);
            }
            return ids;
        }

        /// <summary>
        /// The devices of a smart group, handed out as they are found, read whichever way costs fewer requests. The
        /// group's call gives ids only, so the devices are either read one request each, or found in one listing of the
        /// devices of the group's managing organization group (where a smart group's devices sit: one request per 500
        /// devices, plus one to count them), joined by id (<see cref="DeviceApi.ReadByIdAsync"/>). A device deleted
        /// since the group listed it is left out with a warning. The plan chosen is written to the verbose log.
        /// </summary>
        public async IAsyncEnumerable<Ws1Device> GetDevicesAsync(Ws1SmartGroup group, [EnumeratorCancellation] CancellationToken ct)
        {
            if (group == null)
                throw new ArgumentNullException(nameof(group));
            IReadOnlyList<long> ids = await GetDeviceIdsAsync(group.Id, ct).ConfigureAwait(false);
            if (ids.Count == 0)
                yield break;
            var reading = new DeviceReading();
            var left = new HashSet<long>(ids);
            bool planTold = false;
            await foreach (Ws1Device device in _session.Devices.ReadByIdAsync(ids, group.OrganizationGroupId > 0 ? group.OrganizationGroupId : (long?)null, reading, ct).ConfigureAwait(false))
            {
                if (!planTold)
                {
                    TellPlan(group, ids.Count, reading);
                    planTold = true;
                }
                left.Remove(device.Id);
                yield return device;
            }
            if (!planTold)
                TellPlan(group, ids.Count, reading);
            foreach (long id in ids.Where(left.Contains))
                Ws1Diagnostics.Warning($"Device {id} of smart group '{group.Name}' (id {group.Id}) on account '{_session.AccountName}' was not found: it was deleted after the group listed it. It is left out.");
        }

        /// <summary>Writes the plan the device count chose to the verbose log; a few devices are read one each without counting.</summary>
        private void TellPlan(Ws1SmartGroup group, int devices, DeviceReading reading)
        {
            if (!reading.Listed.HasValue)
                return;
            string listing = $"a listing of organization group {group.OrganizationGroupId} ({reading.ListingPages:N0} page(s))";
            Ws1Diagnostics.Verbose(reading.UsedListing
                ? $"Devices of smart group '{group.Name}' (id {group.Id}) on account '{_session.AccountName}': {devices:N0} device(s), read from {listing}: fewer requests than one per device."
                : $"Devices of smart group '{group.Name}' (id {group.Id}) on account '{_session.AccountName}': {devices:N0} device(s), read one by one: fewer requests than {listing}.");
        }

        private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
    }
}
