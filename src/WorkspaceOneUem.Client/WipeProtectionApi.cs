using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using WorkspaceOneUem.Client.Dtos;
using WorkspaceOneUem.Client.Http;
using WorkspaceOneUem.Client.Json;

namespace WorkspaceOneUem.Client
{
    /// <summary>The wipe log's filters, in the API's own values (docs/api-behaviour.md §11).</summary>
    public sealed class DeviceWipeSearch
    {
        /// <summary>Part of the device's friendly name, serial number or user name (partial on the server).</summary>
        public string? SearchText { get; set; }

        /// <summary>APPROVED, HELD, QUEUED, ABORTED.</summary>
        public IReadOnlyCollection<string>? Statuses { get; set; }

        /// <summary>DEVICE_WIPE or ENTERPRISE_WIPE; the API takes one.</summary>
        public string? WipeType { get; set; }

        /// <summary>ADMIN_ACTION, BULK_API_ACTION, COMPLIANCE, USER_DISABLED, ...; the API takes one.</summary>
        public string? WipeSource { get; set; }

        /// <summary>UNKNOWN, CORPORATE_DEDICATED, EMPLOYEE_OWNED, CORPORATE_SHARED.</summary>
        public IReadOnlyCollection<string>? Ownerships { get; set; }

        /// <summary>Bounds on when the wipe was requested, in the server's (zoneless) time.</summary>
        public DateTime? Since { get; set; }

        /// <summary>Upper bound; a date at midnight means that whole day.</summary>
        public DateTime? Until { get; set; }
    }

    /// <summary>
    /// Wipe protection (system v1, per organization group, by uuid): the wipe log, approving and rejecting held
    /// wipes, and the threshold lock (docs/api-behaviour.md §11).
    /// </summary>
    public sealed class WipeProtectionApi
    {
        /// <summary>The wipe log pages with its own names: page and page_size, 50 by default, at most 500.</summary>
        private static readonly PagingStyle LogPaging = new PagingStyle("page", "page_size", PagedSearch.MaxPageSize, 50);

        private readonly Ws1Session _session;
        private readonly Ws1Transport _transport;

        internal WipeProtectionApi(Ws1Session session, Ws1Transport transport)
        {
            _session = session;
            _transport = transport;
        }

        /// <summary>The newest wipe-log entry of each of these devices in the group's log; a device with none is left out.</summary>
        internal async Task<Dictionary<long, Ws1DeviceWipe>> NewestByDeviceAsync(string organizationGroupUuid, ISet<long> deviceIds, CancellationToken ct)
        {
            var newest = new Dictionary<long, Ws1DeviceWipe>();
            await foreach (Ws1DeviceWipe entry in ListAsync(organizationGroupUuid, null, ct).ConfigureAwait(false))
            {
                // The log is oldest first: a later entry for a device replaces an earlier one.
                if (deviceIds.Contains(entry.DeviceId) && (!newest.TryGetValue(entry.DeviceId, out Ws1DeviceWipe? known) || (entry.RequestedOn ?? DateTime.MinValue) >= (known.RequestedOn ?? DateTime.MinValue)))
                    newest[entry.DeviceId] = entry;
            }
            return newest;
        }

        /// <summary>Every entry of the group's wipe log (child groups included) matching the filters, oldest first, page after page.</summary>
        public async IAsyncEnumerable<Ws1DeviceWipe> ListAsync(string? organizationGroupUuid, DeviceWipeSearch? filter, [EnumeratorCancellation] CancellationToken ct)
        {
            string group = RequireUuid(organizationGroupUuid);
            await foreach (Ws1DeviceWipe wipe in PagedSearch.ReadAsync<DeviceWipesPage, Ws1DeviceWipe>(_transport, LogPath(group), Query(filter), Ws1Action.ReadDevices,
                               $"read the wipe log of organization group {group} on {_session.AccountName}", w => w.Key, _session.PageConcurrency, ct, LogPaging)
                               .ConfigureAwait(false))
            {
                wipe.AccountName = _session.AccountName;
                wipe.OrganizationGroupUuid = group;
                yield return wipe;
            }
        }

        private static QueryString Query(DeviceWipeSearch? filter)
        {
            filter = filter ?? new DeviceWipeSearch();
            Ws1Limits.Check("SearchText", filter.SearchText);
            return new QueryString()
                .Add("search_text", filter.SearchText)
                .Add("wipe_status", List(filter.Statuses))
                .Add("wipe_type", filter.WipeType)
                .Add("wipe_source", filter.WipeSource)
                .Add("ownership", List(filter.Ownerships))
                .Add("start_date", Date(filter.Since))
                .Add("end_date", EndDate(filter.Until));
        }

        private static string? List(IReadOnlyCollection<string>? values) =>
            values == null || values.Count == 0 ? null : string.Join(",", values.Distinct(StringComparer.OrdinalIgnoreCase));

        private static string? Date(DateTime? value) => value?.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);

        /// <summary>A bare date goes as a date: the API then takes in that whole day, as a person means it.</summary>
        private static string? EndDate(DateTime? value) =>
            value.HasValue && value.Value.TimeOfDay == TimeSpan.Zero ? value.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : Date(value);

        /// <summary>
        /// Approves (<paramref name="approve"/>) or rejects held wipes of one group in one request, and returns them
        /// as the server now has them (APPROVED or ABORTED); the given ones are left as they are. The API is all or
        /// nothing: a wipe that is no longer held fails the whole request (BadRequest) and nothing changes. A 500 or a
        /// lost answer is OutcomeUnknown and never resent.
        /// </summary>
        public async Task<IReadOnlyList<Ws1DeviceWipe>> DecideAsync(string organizationGroupUuid, IReadOnlyList<Ws1DeviceWipe> wipes, bool approve, CancellationToken ct)
        {
            string group = RequireUuid(organizationGroupUuid);
            if (wipes == null || wipes.Count == 0)
                throw new ArgumentException("At least one wipe is required.", nameof(wipes));
            if (wipes.Any(w => string.IsNullOrEmpty(w.Uuid)))
                throw new ArgumentException("Every wipe must carry its uuid.", nameof(wipes));
            List<string> wipeUuids = wipes.Select(w => w.Uuid!).ToList();
            string verb = approve ? "approve" : "reject";
            var request = new ApiRequest(HttpMethod.Post, LogPath(group) + "?action=" + (approve ? "APPROVE" : "REJECT"), Ws1Action.ManageWipeProtection,
                $"{verb} {wipeUuids.Count} held wipe(s) in organization group {group} on {_session.AccountName}")
            {
                JsonBody = new JArray(wipeUuids.Cast<object>().ToArray()).ToString(Newtonsoft.Json.Formatting.None),
            };
            await _transport.SendAsync<object>(request, null, ct).ConfigureAwait(false);
            string now = approve ? Ws1DeviceWipe.ApprovedStatus : Ws1DeviceWipe.AbortedStatus;
            return wipes.Select(w => w.WithStatus(now)).ToList();
        }

        /// <summary>The threshold lock as seen from the group (one lock per tenant in the simulator).</summary>
        public async Task<Ws1DeviceWipeLock> GetLockAsync(Ws1OrganizationGroup group, CancellationToken ct)
        {
            if (group == null)
                throw new ArgumentNullException(nameof(group));
            string uuid = RequireUuid(group.Uuid);
            var request = new ApiRequest(HttpMethod.Get, LockPath(uuid), Ws1Action.ReadDevices,
                $"read the wipe-protection lock of organization group '{group.Name}' on {_session.AccountName}");
            Ws1DeviceWipeLock? state = await _transport.SendAsync(request, reader => Ws1Json.Serializer.Deserialize<Ws1DeviceWipeLock>(reader), ct).ConfigureAwait(false);
            if (state == null)
                throw new Ws1ApiException(Ws1ErrorKind.UnexpectedShape, $"The wipe-protection lock of '{group.Name}' on {_session.AccountName} came back empty.", correlationId: request.CorrelationId);
            state.AccountName = _session.AccountName;
            state.OrganizationGroupName = group.Name;
            state.OrganizationGroupUuid = uuid;
            return state;
        }

        /// <summary>
        /// Resets the threshold count, so the next wipes go out; wipes already held stay held. The API allows it at a
        /// Global or Customer group only: below that its 400 becomes an error that says where to do it.
        /// </summary>
        public async Task UnlockAsync(Ws1OrganizationGroup group, CancellationToken ct)
        {
            if (group == null)
                throw new ArgumentNullException(nameof(group));
            string uuid = RequireUuid(group.Uuid);
            var request = new ApiRequest(HttpMethod.Put, LockPath(uuid), Ws1Action.ManageWipeProtection,
                $"unlock wipe protection at organization group '{group.Name}' on {_session.AccountName}");
            try
            {
                await _transport.SendAsync<object>(request, null, ct).ConfigureAwait(false);
            }
            catch (Ws1ApiException ex) when (ex.Kind == Ws1ErrorKind.BadRequest && !IsTopGroup(group))
            {
                throw new Ws1ApiException(Ws1ErrorKind.BadRequest,
                    $"Wipe protection can be unlocked only at a Global or Customer organization group; '{group.Name}' is a {group.Type ?? "lower"} group. Nothing was changed. " +
                    $"Run it without -OrganizationGroupId to use the customer group. {ex.Message}",
                    ex.StatusCode, ex.ErrorCode, ex.CorrelationId, ex);
            }
        }

        private static bool IsTopGroup(Ws1OrganizationGroup group) =>
            string.Equals(group.Type, "Customer", StringComparison.OrdinalIgnoreCase) || string.Equals(group.Type, "Global", StringComparison.OrdinalIgnoreCase);

        private static string LogPath(string uuid) => $"system/groups/{Uri.EscapeDataString(uuid)}/device-wipes";

        private static string LockPath(string uuid) => $"system/groups/{Uri.EscapeDataString(uuid)}/device-wipe-lock";

        private static string RequireUuid(string? uuid)
        {
            if (uuid == null || string.IsNullOrWhiteSpace(uuid))
                throw new ArgumentException("The organization group uuid is required.", nameof(uuid));
            return uuid.Trim();
        }
    }
}
