using System;
using System.Collections.Generic;
using System.Linq;
using System.Security;
using System.Threading;
using System.Threading.Tasks;

namespace WorkspaceOneUem.Client
{
    /// <summary>
    /// One command for many devices of one session, in as few requests as the API allows: bulk requests (where
    /// <see cref="DeviceCommandRules"/> knows a bulk form) of at most the tenant's limit, then one request per device
    /// where bulk cannot go (DeviceWipe, ClearPasscode, a macOS lock that carries an unlock PIN), at most
    /// <c>concurrency</c> at once. A bulk request of one device
    /// goes to the device's own endpoint instead: one request either way, and its answer is the more precise.
    /// </summary>
    /// <remarks>
    /// Sent step by step (<see cref="SendNextAsync"/>) so that the caller can write results and progress between
    /// steps. Every device gets exactly one result, and no request is sent twice. After a 403 nothing more is sent:
    /// the remaining devices would fail the same way, and are reported as not sent.
    /// </remarks>
    public sealed class DeviceCommandBatch
    {
        private readonly DeviceApi _api;
        private readonly string _accountName;
        private readonly Ws1DeviceCommand _command;
        private readonly SecureString? _unlockPin;
        private readonly DeviceMessage? _message;
        private readonly int _concurrency;
        private readonly Queue<List<Ws1Device>> _bulk = new Queue<List<Ws1Device>>();
        private readonly Queue<Ws1Device> _single = new Queue<Ws1Device>();
        private readonly Dictionary<Task<Ws1DeviceCommandResult>, Ws1Device> _inFlight = new Dictionary<Task<Ws1DeviceCommandResult>, Ws1Device>();
        private List<Ws1Device>? _bulkOnWire;
        private bool _answered;
        private bool _denied;

        internal DeviceCommandBatch(DeviceApi api, string accountName, IReadOnlyList<Ws1Device> devices, Ws1DeviceCommand command,
            SecureString? unlockPin, DeviceMessage? message, long bulkLimit, int concurrency)
        {
            _api = api;
            _accountName = accountName;
            _command = command;
            _unlockPin = unlockPin;
            _message = message;
            _concurrency = Math.Max(1, concurrency);
            var bulk = new List<Ws1Device>();
            foreach (Ws1Device device in devices)
            {
                if (bulkLimit > 0 && DeviceCommandRules.CanSendInBulk(device, command, unlockPin))
                    bulk.Add(device);
                else
                    _single.Enqueue(device);
            }
            int size = (int)Math.Min(bulkLimit, int.MaxValue);
            for (int start = 0; start < bulk.Count; start += size)
                _bulk.Enqueue(bulk.GetRange(start, Math.Min(size, bulk.Count - start)));
            Count = devices.Count;
        }

        /// <summary>The devices in the batch.</summary>
        public int Count { get; }

        public bool IsComplete => _bulk.Count == 0 && _single.Count == 0 && _inFlight.Count == 0;

        /// <summary>
        /// Sends the next step and returns the results it settled: a bulk request, or, once those are sent, the
        /// single requests that complete next (keeping up to <c>concurrency</c> on the wire). The first single
        /// request goes alone until one is answered, so that a refusal that would fail them all costs one request.
        /// </summary>
        public async Task<IReadOnlyList<Ws1DeviceCommandResult>> SendNextAsync(CancellationToken ct)
        {
            var results = new List<Ws1DeviceCommandResult>();
            if (!_denied && _bulk.Count > 0)
            {
                List<Ws1Device> chunk = _bulk.Dequeue();
                _bulkOnWire = chunk;
                if (chunk.Count == 1)
                    results.Add(await SendOneAsync(chunk[0], ct).ConfigureAwait(false));
                else
                    results.AddRange(await _api.SendBulkAsync(chunk, _command, _unlockPin != null, _message, ct).ConfigureAwait(false));
                _bulkOnWire = null;
                Note(results);
            }
            else
            {
                while (!_denied && _single.Count > 0 && _inFlight.Count < (_answered ? _concurrency : 1))
                {
                    Ws1Device device = _single.Dequeue();
                    _inFlight.Add(SendOneAsync(device, ct), device);
                }
                if (_inFlight.Count > 0)
                {
                    await Task.WhenAny(_inFlight.Keys).ConfigureAwait(false);
                    ct.ThrowIfCancellationRequested();
                    List<Task<Ws1DeviceCommandResult>> done = _inFlight.Keys.Where(t => t.IsCompleted).ToList();
                    foreach (Task<Ws1DeviceCommandResult> task in done)
                    {
                        _inFlight.Remove(task);
                        results.Add(task.GetAwaiter().GetResult());
                    }
                    Note(results);
                }
            }
            if (_denied)
                results.AddRange(NotSent());
            return results;
        }

        private async Task<Ws1DeviceCommandResult> SendOneAsync(Ws1Device device, CancellationToken ct)
        {
            try
            {
                return await _api.SendCommandAsync(device, _command, _unlockPin, _message, ct).ConfigureAwait(false);
            }
            catch (Ws1ApiException ex)
            {
                return Ws1DeviceCommandResult.Failed(device, _command, ex);
            }
        }

        /// <summary>
        /// After the caller stopped the batch (Ctrl+C) partway: a result for every device not yet settled. A device
        /// whose request was on the wire may have taken the command (OutcomeUnknown); the others were not sent.
        /// Settled devices already had their results from <see cref="SendNextAsync"/>.
        /// </summary>
        public IReadOnlyList<Ws1DeviceCommandResult> Stopped()
        {
            var results = new List<Ws1DeviceCommandResult>();
            string command = DeviceCommandRules.CommandText(_command);
            IEnumerable<Ws1Device> onWire = (_bulkOnWire ?? new List<Ws1Device>())
                .Concat(_inFlight.Where(p => !p.Key.IsCompleted || p.Key.IsCanceled || p.Key.IsFaulted).Select(p => p.Value));
            foreach (Ws1Device device in onWire)
                results.Add(Ws1DeviceCommandResult.For(device, _command, Ws1DeviceCommandStatus.OutcomeUnknown,
                    $"Stopped while the {command} request for this device was on the wire: the device may or may not have taken it. Check it with Get-Ws1Device -DeviceId {device.Id} before sending again."));
            // An answer that arrived just as the stop came is reported as it was answered.
            foreach (KeyValuePair<Task<Ws1DeviceCommandResult>, Ws1Device> done in _inFlight.Where(p => p.Key.Status == TaskStatus.RanToCompletion))
                results.Add(done.Key.Result);
            foreach (Ws1Device device in _bulk.SelectMany(chunk => chunk).Concat(_single))
                results.Add(Ws1DeviceCommandResult.For(device, _command, Ws1DeviceCommandStatus.NotSent,
                    $"Not sent: the command was stopped before {command} was sent to this device."));
            _bulkOnWire = null;
            _inFlight.Clear();
            _bulk.Clear();
            _single.Clear();
            return results;
        }

        private void Note(IEnumerable<Ws1DeviceCommandResult> results)
        {
            foreach (Ws1DeviceCommandResult result in results)
            {
                Ws1ErrorKind? kind = result.Error?.Kind;
                if (kind == Ws1ErrorKind.PermissionDenied)
                    _denied = true;
                else if (kind == null || kind == Ws1ErrorKind.BadRequest || kind == Ws1ErrorKind.NotFound)
                    _answered = true; // the server looked at the device: the role may send this command
            }
        }

        /// <summary>Everything not yet sent, once a 403 has shown that the role may not send this command.</summary>
        private IEnumerable<Ws1DeviceCommandResult> NotSent()
        {
            string message = $"Not sent: the admin role of account '{_accountName}' may not {Ws1Permissions.Describe(DeviceCommandRules.ActionOf(_command))} (see the PermissionDenied error).";
            var devices = _bulk.SelectMany(chunk => chunk).Concat(_single).ToList();
            _bulk.Clear();
            _single.Clear();
            return devices.Select(d => Ws1DeviceCommandResult.For(d, _command, Ws1DeviceCommandStatus.Failed, message));
        }
    }
}
