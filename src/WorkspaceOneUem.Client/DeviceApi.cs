using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using WorkspaceOneUem.Client.Dtos;
using WorkspaceOneUem.Client.Http;
using WorkspaceOneUem.Client.Json;

namespace WorkspaceOneUem.Client
{
    /// <summary>Server-side filters for a device search. The API matches them partially ('Apple' finds 'AppleOsX').</summary>
    public sealed class DeviceSearch
    {
        /// <summary>Enrollment user name; partial on the server ('ann' finds 'joann').</summary>
        public string? UserName { get; set; }
        public string? Platform { get; set; }
        public string? Model { get; set; }
        public long? OrganizationGroupId { get; set; }
    }

    /// <summary>The alternate identifiers a device can be looked up by (searchby=...).</summary>
    public enum Ws1DeviceIdType
    {
        DeviceId,
        SerialNumber,
        Udid,
        MacAddress,
        ImeiNumber,
        EasId,
    }

    /// <summary>Devices and device commands (mdm v1, v2 for macOS commands with a PIN; docs/api-behaviour.md §4).</summary>
    public sealed class DeviceApi
    {
        /// <summary>errorCode of the 400 a macOS device answers to a v1 lock or wipe when it needs an unlock PIN.</summary>
        public const int UnlockPinRequiredErrorCode = 5102;

        /// <summary>What the error of a device that needs an unlock PIN ends with when none was given.</summary>
        public const string UnlockPinAdvice = "Give the device's 6-digit unlock PIN with -UnlockPin; it is sent with the v2 command.";

        private readonly Ws1Session _session;
        private readonly Ws1Transport _transport;

        internal DeviceApi(Ws1Session session, Ws1Transport transport)
        {
            _session = session;
            _transport = transport;
        }

        /// <summary>
        /// Every device matching the filters, page after page, several pages in flight; stops fetching when the caller
        /// stops reading. A small result (the devices of one user) costs one request.
        /// </summary>
        public async IAsyncEnumerable<Ws1Device> SearchAsync(DeviceSearch? filter, [EnumeratorCancellation] CancellationToken ct)
        {
            await foreach (DeviceDto dto in ReadPagesAsync(Query(filter), ct).ConfigureAwait(false))
                yield return dto.ToDevice(_session.AccountName);
        }

        /// <summary>
        /// One listing of every device of the account, handing out only those whose owner's user name
        /// <paramref name="isWanted"/> accepts: the others, most of a large tenant when a few users' devices are
        /// wanted, are never made into devices. <paramref name="knownTotal"/>, the account's device count when the
        /// caller has it, lets the first pages be asked for at once.
        /// </summary>
        internal async IAsyncEnumerable<Ws1Device> ListOwnedByAsync(Func<string, bool> isWanted, long? knownTotal, [EnumeratorCancellation] CancellationToken ct)
        {
            await foreach (DeviceDto dto in ReadPagesAsync(Query(null), ct, knownTotal).ConfigureAwait(false))
            {
                string? owner = dto.OwnerName;
                if (owner != null && isWanted(owner))
                    yield return dto.ToDevice(_session.AccountName);
            }
        }

        /// <summary>
        /// The devices with the given ids, handed out as they are found, read whichever way costs fewer requests: one
        /// read each (PageConcurrency at a time, in the order given), or one listing of the devices of organization group
        /// <paramref name="organizationGroupId"/> (the whole account when null) joined by id, its first pages asked for
        /// at once; ids the listing did not show (devices outside it, or enrolled since) are then read one each. A device
        /// not found (deleted) is left out. Up to two devices are always read one each; past that the listing's size
        /// decides: <paramref name="reading"/>'s count when the caller kept it from an earlier reading, else counted here
        /// (one request) and kept there, with the plan chosen.
        /// </summary>
        internal async IAsyncEnumerable<Ws1Device> ReadByIdAsync(IReadOnlyCollection<long> ids, long? organizationGroupId, DeviceReading reading,
            [EnumeratorCancellation] CancellationToken ct)
        {
            var missing = new HashSet<long>(ids);
            if (missing.Count > 2)
            {
                var scope = new DeviceSearch { OrganizationGroupId = organizationGroupId };
                reading.Listed = reading.Listed ?? await CountAsync(scope, ct).ConfigureAwait(false);
                reading.UsedListing = reading.ListingPages < missing.Count;
                if (reading.UsedListing)
                {
                    await foreach (DeviceDto dto in ReadPagesAsync(Query(scope), ct, reading.Listed).ConfigureAwait(false))
                    {
                        if (missing.Remove(dto.Id))
                            yield return dto.ToDevice(_session.AccountName);
                        if (missing.Count == 0)
                            yield break;
                    }
                }
            }
            await foreach (Ws1Device device in ReadEachAsync(ids.Where(missing.Contains).ToList(), ct).ConfigureAwait(false))
                yield return device;
        }

        /// <summary>Reads devices by id, PageConcurrency at a time, handed out in the order given; a device not found is left out.</summary>
        private async IAsyncEnumerable<Ws1Device> ReadEachAsync(IReadOnlyList<long> ids, [EnumeratorCancellation] CancellationToken ct)
        {
            using (var cts = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                var pending = new Queue<Task<Ws1Device?>>();
                int next = 0;
                try
                {
                    while (next < ids.Count || pending.Count > 0)
                    {
                        while (next < ids.Count && pending.Count < Math.Max(1, _session.PageConcurrency))
                            pending.Enqueue(ReadIfThereAsync(ids[next++], cts.Token));
                        Ws1Device? device = await pending.Dequeue().ConfigureAwait(false);
                        if (device != null)
                            yield return device;
                    }
                }
                finally
                {
                    // Stopped early or failed: cancel the reads still on the wire and let them end.
                    cts.Cancel();
                    foreach (Task<Ws1Device?> task in pending)
                    {
                        try
                        {
                            await task.ConfigureAwait(false);
                        }
                        catch (Exception ex) when (ex is OperationCanceledException || ex is Ws1ApiException)
                        {
                            // Cancelled with the reading: nothing more to say.
                        }
                    }
                }
            }
        }

        private async Task<Ws1Device?> ReadIfThereAsync(long id, CancellationToken ct)
        {
            try
            {
                return await GetAsync(id, ct).ConfigureAwait(false);
            }
            catch (Ws1ApiException ex) when (ex.Kind == Ws1ErrorKind.NotFound)
            {
                return null; // deleted
            }
        }

        private IAsyncEnumerable<DeviceDto> ReadPagesAsync(QueryString query, CancellationToken ct, long? knownTotal = null) =>
            PagedSearch.ReadAsync<DeviceSearchPage, DeviceDto>(_transport, "mdm/devices/search", query, Ws1Action.ReadDevices,
                $"search devices on {_session.AccountName}", d => d.Id, _session.PageConcurrency, ct, knownTotal: knownTotal);

        /// <summary>How many devices match the filters, as the server's Total says: one request for one record.</summary>
        public Task<long> CountAsync(DeviceSearch? filter, CancellationToken ct) =>
            PagedSearch.CountAsync<DeviceSearchPage, DeviceDto>(_transport, "mdm/devices/search", Query(filter), Ws1Action.ReadDevices,
                $"count devices on {_session.AccountName}", ct);

        private static QueryString Query(DeviceSearch? filter)
        {
            filter = filter ?? new DeviceSearch();
            Ws1Limits.Check("UserName", filter.UserName);
            Ws1Limits.Check("Platform", filter.Platform);
            Ws1Limits.Check("Model", filter.Model);
            return new QueryString()
                .Add("user", filter.UserName)
                .Add("platform", filter.Platform)
                .Add("model", filter.Model)
                .Add("lgid", filter.OrganizationGroupId);
        }

        public Task<Ws1Device> GetAsync(long id, CancellationToken ct) =>
            ReadOneAsync("mdm/devices/" + Id(id), $"get device {id} on {_session.AccountName}", $"Device {id} was not found on {_session.AccountName}.", ct);

        public Task<Ws1Device> GetBySerialNumberAsync(string serialNumber, CancellationToken ct) =>
            FindAsync(Ws1DeviceIdType.SerialNumber, serialNumber, ct);

        /// <summary>One device by an alternate identifier; a NotFound error when there is none.</summary>
        public Task<Ws1Device> FindAsync(Ws1DeviceIdType idType, string value, CancellationToken ct)
        {
            if (string.IsNullOrWhiteSpace(value))
                throw new ArgumentException("An identifier is required.", nameof(value));
            string path = new QueryString().Add("searchby", SearchByName(idType)).Add("id", value.Trim()).AppendTo("mdm/devices");
            return ReadOneAsync(path, $"find the device with {idType} '{value}' on {_session.AccountName}",
                $"No device with {idType} '{value}' on {_session.AccountName}.", ct);
        }

        private async Task<Ws1Device> ReadOneAsync(string path, string operation, string notFound, CancellationToken ct)
        {
            var request = new ApiRequest(HttpMethod.Get, path, Ws1Action.ReadDevices, operation);
            DeviceDto? dto;
            try
            {
                dto = await _transport.SendAsync(request, reader => Ws1Json.Serializer.Deserialize<DeviceDto>(reader), ct).ConfigureAwait(false);
            }
            catch (Ws1ApiException ex) when (ex.Kind == Ws1ErrorKind.NotFound)
            {
                throw new Ws1ApiException(Ws1ErrorKind.NotFound, notFound, ex.StatusCode, ex.ErrorCode, ex.CorrelationId, ex);
            }
            if (dto == null || dto.Id <= 0)
                throw new Ws1ApiException(Ws1ErrorKind.NotFound, notFound, correlationId: request.CorrelationId);
            return dto.ToDevice(_session.AccountName);
        }

        public Task<Ws1DeviceCommandResult> SendCommandAsync(Ws1Device device, Ws1DeviceCommand command, SecureString? unlockPin, CancellationToken ct) =>
            SendCommandAsync(device, command, unlockPin, null, ct);

        /// <summary>
        /// Sends one command to one device and returns it as Queued (202: queued, not done), or Deleted for a delete.
        /// Failures throw a <see cref="Ws1ApiException"/>: OutcomeUnknown when the server may have carried it out
        /// (never resent), BadRequest with <see cref="UnlockPinRequiredErrorCode"/> when a macOS device needs a PIN.
        /// With an unlock PIN, a macOS lock or full wipe goes to the v2 command, which carries it. A message command
        /// needs its <paramref name="message"/>.
        /// </summary>
        public async Task<Ws1DeviceCommandResult> SendCommandAsync(Ws1Device device, Ws1DeviceCommand command, SecureString? unlockPin, DeviceMessage? message, CancellationToken ct)
        {
            if (device == null)
                throw new ArgumentNullException(nameof(device));
            CheckMessage(command, message);
            ApiRequest request = CommandRequest(device, command, unlockPin, message);
            try
            {
                await _transport.SendAsync<object>(request, null, ct).ConfigureAwait(false);
            }
            catch (Ws1ApiException ex) when (ex.Kind == Ws1ErrorKind.BadRequest && (ex.ErrorCode == UnlockPinRequiredErrorCode || NeedsPin(ex.Message)))
            {
                throw PinRequired(device, command, unlockPin != null, ex.StatusCode, ex.CorrelationId, ex);
            }
            return Queued(device, command, request.CorrelationId);
        }

        private static Ws1DeviceCommandResult Queued(Ws1Device device, Ws1DeviceCommand command, string? correlationId) =>
            DeviceCommandRules.IsDoneAtOnce(command)
                ? Ws1DeviceCommandResult.For(device, command, Ws1DeviceCommandStatus.Deleted,
                    "Deleted: the device record is gone from the tenant (the device itself is not wiped or unenrolled).", correlationId)
                : Ws1DeviceCommandResult.For(device, command, Ws1DeviceCommandStatus.Queued,
                    $"{DeviceCommandRules.CommandText(command)} queued: the device carries it out when it next checks in.", correlationId);

        /// <summary>A message command goes with its message, and a message with its own command only.</summary>
        private static void CheckMessage(Ws1DeviceCommand command, DeviceMessage? message)
        {
            if (DeviceCommandRules.IsMessage(command) ? message == null || message.Command != command : message != null)
                throw new ArgumentException($"{DeviceCommandRules.CommandText(command)} and the message given do not go together.", nameof(message));
        }

        /// <summary>
        /// The error of a device that needs an unlock PIN, said once and in the module's terms: the server's own text
        /// speaks of API versions and body fields, which the module handles itself once a PIN is given.
        /// </summary>
        private static Ws1ApiException PinRequired(Ws1Device device, Ws1DeviceCommand command, bool unlockPinGiven, int? statusCode, string? correlationId, Exception? inner) =>
            new Ws1ApiException(Ws1ErrorKind.BadRequest,
                $"Device {device.Describe()} is a macOS device, which takes {DeviceCommandRules.CommandText(command)} only with its 6-digit unlock PIN; nothing was done. "
                + (unlockPinGiven ? "The server did not take the PIN given: check it." : UnlockPinAdvice),
                statusCode, UnlockPinRequiredErrorCode, correlationId, inner);

        /// <summary>
        /// One command for many devices of this session, sent step by step: bulk requests of at most the tenant's
        /// limit for <paramref name="command"/> (from <see cref="GetBulkLimitsAsync"/>; null or no limit sends one
        /// request per device), and one request per device where bulk cannot go, at most PageConcurrency at once.
        /// </summary>
        public DeviceCommandBatch Batch(IReadOnlyList<Ws1Device> devices, Ws1DeviceCommand command, SecureString? unlockPin, Ws1BulkCommandLimits? limits,
            DeviceMessage? message = null)
        {
            if (devices == null)
                throw new ArgumentNullException(nameof(devices));
            CheckMessage(command, message);
            return new DeviceCommandBatch(this, _session.AccountName, devices, command, unlockPin, message, DeviceCommandRules.BulkLimit(limits, command), _session.PageConcurrency);
        }

        private ApiRequest CommandRequest(Ws1Device device, Ws1DeviceCommand command, SecureString? unlockPin, DeviceMessage? message)
        {
            Ws1Action action = DeviceCommandRules.ActionOf(command);
            string operation = $"{DeviceCommandRules.CommandText(command)} device {device.Describe()} of '{device.UserName}' on {_session.AccountName}";
            if (DeviceCommandRules.SendsUnlockPin(device, command, unlockPin))
            {
                if (string.IsNullOrEmpty(device.Uuid))
                    throw new Ws1ApiException(Ws1ErrorKind.BadRequest, $"Device {device.Describe()} has no uuid, which the v2 command with an unlock PIN needs; nothing was sent.");
                return new ApiRequest(HttpMethod.Post, $"mdm/devices/{Uri.EscapeDataString(device.Uuid)}/commands/{command}", action, operation + " (v2, with unlock PIN)")
                {
                    ApiVersion = 2,
                    JsonBody = new JObject { ["unlock_pin"] = Secrets.Reveal(unlockPin) }.ToString(Newtonsoft.Json.Formatting.None),
                };
            }
            (HttpMethod method, string path) = DeviceCommandRules.SinglePath(command, Id(device.Id), message);
            return new ApiRequest(method, path, action, operation) { JsonBody = message?.Fields().ToString(Newtonsoft.Json.Formatting.None) };
        }

        private static bool NeedsPin(string? serverSaid) => serverSaid != null && serverSaid.IndexOf("unlock_pin", StringComparison.OrdinalIgnoreCase) >= 0;

        public Task<Ws1BulkCommandResponse> SendBulkCommandAsync(Ws1DeviceCommand command, IReadOnlyCollection<long> deviceIds, CancellationToken ct) =>
            SendBulkCommandAsync(command, deviceIds, null, ct);

        /// <summary>
        /// Sends one command for many devices in one bulk request (<see cref="DeviceCommandRules"/> knows which commands
        /// have one: lock, enterprise wipe, soft reset, shutdown, messages and delete), capped per call by
        /// <see cref="GetBulkLimitsAsync"/>; the answer is 200 even when items failed, so read
        /// <see cref="Ws1BulkCommandResponse.Faults"/>. A bulk message carries its fields next to the device ids.
        /// </summary>
        public Task<Ws1BulkCommandResponse> SendBulkCommandAsync(Ws1DeviceCommand command, IReadOnlyCollection<long> deviceIds, DeviceMessage? message, CancellationToken ct)
        {
            if (deviceIds == null || deviceIds.Count == 0)
                throw new ArgumentException("At least one device id is required.", nameof(deviceIds));
            CheckMessage(command, message);
            string path = DeviceCommandRules.Of(command).BulkPath
                ?? throw new ArgumentException($"The v1 API has no bulk {command}; send it per device.", nameof(command));
            var request = new ApiRequest(HttpMethod.Post, path,
                DeviceCommandRules.ActionOf(command), $"{DeviceCommandRules.CommandText(command)} {deviceIds.Count} devices (bulk) on {_session.AccountName}")
            {
                JsonBody = BulkCall.Body(deviceIds, message?.Fields()),
            };
            return BulkCall.SendAsync(_transport, request, ct);
        }

        /// <summary>
        /// Sends one bulk request for <paramref name="devices"/> and returns one result per device: Failed with the
        /// server's message for a device a fault names; Queued for the others when the answer's counts add up,
        /// else Failed as outcome unknown. A request that failed as a whole fails every device with its error.
        /// <paramref name="unlockPinGiven"/>: whether the caller has a PIN (which bulk cannot carry), so a device that
        /// turns out to need one is not told to give it.
        /// </summary>
        internal async Task<List<Ws1DeviceCommandResult>> SendBulkAsync(IReadOnlyList<Ws1Device> devices, Ws1DeviceCommand command, bool unlockPinGiven,
            DeviceMessage? message, CancellationToken ct)
        {
            Ws1BulkCommandResponse? response;
            try
            {
                response = await SendBulkCommandAsync(command, devices.Select(d => d.Id).ToList(), message, ct).ConfigureAwait(false);
            }
            catch (Ws1ApiException ex)
            {
                return devices.Select(d => Ws1DeviceCommandResult.Failed(d, command, ex)).ToList();
            }
            BulkOutcome outcome = BulkOutcome.Of(response, devices.Select(d => BulkCall.Item(d.Id)).ToList());
            Ws1ApiException? unknown = null;
            var results = new List<Ws1DeviceCommandResult>(devices.Count);
            foreach (Ws1Device device in devices)
            {
                Ws1BulkFault? fault = outcome.FaultOf(BulkCall.Item(device.Id));
                if (fault != null)
                {
                    Ws1ApiException error = NeedsPin(fault.Message)
                        ? PinRequired(device, command, unlockPinGiven, 200, response.CorrelationId, null)
                        : outcome.FaultError(fault, $"carry out {DeviceCommandRules.CommandText(command)} on device {device.Describe()} of '{device.UserName}' on {_session.AccountName}");
                    results.Add(Ws1DeviceCommandResult.Failed(device, command, error));
                }
                else if (outcome.OthersDone)
                {
                    results.Add(Queued(device, command, response.CorrelationId));
                }
                else
                {
                    // One error for all of them: one request, one thing to check.
                    unknown = unknown ?? outcome.UnknownError(
                        $"{DeviceCommandRules.CommandText(command)} reached the devices the bulk answer names no fault for ({devices.Count} devices on {_session.AccountName})", "the devices");
                    results.Add(Ws1DeviceCommandResult.Failed(device, command, unknown));
                }
            }
            return results;
        }

        public Task<Ws1BulkCommandLimits?> GetBulkLimitsAsync(CancellationToken ct)
        {
            var request = new ApiRequest(HttpMethod.Get, "mdm/devices/bulksettings", Ws1Action.ReadDevices, $"read bulk command limits on {_session.AccountName}");
            return _transport.SendAsync(request, reader => Ws1Json.Serializer.Deserialize<Ws1BulkCommandLimits>(reader), ct);
        }

        /// <summary>
        /// The tenant's bulk limits for a batch (<see cref="Batch"/>); when they cannot be read, a warning and null:
        /// the batch then sends one request per device, which is slower but needs no limit.
        /// </summary>
        public async Task<Ws1BulkCommandLimits?> GetBulkLimitsOrWarnAsync(CancellationToken ct)
        {
            try
            {
                return await GetBulkLimitsAsync(ct).ConfigureAwait(false);
            }
            catch (Ws1ApiException ex)
            {
                Ws1Diagnostics.Warning($"The bulk command limits of account '{_session.AccountName}' could not be read, so each device gets its own request. {ex.Message}");
                return null;
            }
        }

        /// <summary>
        /// A wipe answered 202 may still be held by the tenant's wipe protection. Reads the queue of each
        /// organization group once and turns Queued wipes the queue holds into Held (aborted ones into Failed).
        /// When the queue cannot be read the results stay Queued and say so. Returns new results in the same order;
        /// the given ones are left as they are.
        /// </summary>
        public async Task<IReadOnlyList<Ws1DeviceCommandResult>> ApplyWipeProtectionAsync(IReadOnlyList<Ws1DeviceCommandResult> results, CancellationToken ct)
        {
            if (results == null)
                throw new ArgumentNullException(nameof(results));
            var sent = results.Where(r => r.IsWipe && r.Status == Ws1DeviceCommandStatus.Queued).ToList();
            var updated = new Dictionary<Ws1DeviceCommandResult, Ws1DeviceCommandResult>();
            foreach (var group in sent.GroupBy(r => r.OrganizationGroupUuid ?? string.Empty, StringComparer.OrdinalIgnoreCase))
            {
                if (group.Key.Length == 0)
                {
                    foreach (Ws1DeviceCommandResult r in group)
                        updated[r] = r.With(r.Status, r.Message + " Whether wipe protection holds it is unknown: the device's organization group uuid is not known.");
                    continue;
                }
                Dictionary<long, Ws1DeviceWipe> newest;
                try
                {
                    // The newest entry for a device is the one this command made.
                    newest = await _session.WipeProtection.NewestByDeviceAsync(group.Key, new HashSet<long>(group.Select(r => r.DeviceId)), ct).ConfigureAwait(false);
                }
                catch (Ws1ApiException ex)
                {
                    foreach (Ws1DeviceCommandResult r in group)
                        updated[r] = r.With(r.Status, r.Message + $" Whether wipe protection holds it is unknown: {ex.Message}");
                    continue;
                }
                foreach (Ws1DeviceCommandResult r in group)
                {
                    if (!newest.TryGetValue(r.DeviceId, out Ws1DeviceWipe? entry))
                        continue;
                    if (entry.IsHeld())
                    {
                        updated[r] = r.With(Ws1DeviceCommandStatus.Held,
                            $"{DeviceCommandRules.CommandText(r.Command)} accepted but HELD by the tenant's wipe protection (too many wipes in a short time). " +
                            "The device is not wiped until an admin approves it (wipe log, or the console's Devices > Lifecycle > Wipe Protection)." +
                            WipeRelease.Hint(r.AccountName));
                    }
                    else if (entry.IsAborted)
                    {
                        updated[r] = r.With(Ws1DeviceCommandStatus.Failed,
                            $"{DeviceCommandRules.CommandText(r.Command)} was accepted, then ABORTED in the tenant's wipe protection queue; the device is not wiped.");
                    }
                }
            }
            return results.Select(r => updated.TryGetValue(r, out Ws1DeviceCommandResult? now) ? now : r).ToList();
        }

        private static string SearchByName(Ws1DeviceIdType idType) => idType == Ws1DeviceIdType.SerialNumber ? "Serialnumber" : idType.ToString();

        private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>What <see cref="DeviceApi.ReadByIdAsync"/> knows of the listing it could use: its size, and whether it was used.</summary>
    internal sealed class DeviceReading
    {
        /// <summary>The devices of the listing's scope, when counted (or given by the caller); null while a few devices were read one each without it.</summary>
        public long? Listed { get; set; }

        /// <summary>What the listing costs in requests: one per page of 500.</summary>
        public long ListingPages => Math.Max(1, ((Listed ?? 0) + PagedSearch.MaxPageSize - 1) / PagedSearch.MaxPageSize);

        /// <summary>Whether the listing was cheaper and used.</summary>
        public bool UsedListing { get; set; }
    }
}
