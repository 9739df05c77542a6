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
    /// where bulk cannot go (DeviceWipe, ClearPasscode, a macOS lock that carries an unlock PIN). At most
    /// <c>concurrency</c> requests are on the wire at once, bulk and single alike. A bulk request of one device
    /// goes to the device's own endpoint instead: one request either way, and its answer is the more precise.
    /// </summary>
    /// <remarks>
    /// Sent step by step (<see cref="SendNextAsync"/>) so that the caller can write results and progress between
    /// steps. Every device gets exactly one result, and no request is sent twice. The first request goes alone until
    /// one is answered, so that a refusal that would fail them all costs one request; after a 403 nothing more is
    /// sent: the remaining devices would fail the same way, and are reported as not sent. Requests are started only
    /// inside <see cref="SendNextAsync"/>, so once the caller stops calling it (Ctrl+C) nothing more goes out.
    /// </remarks>
    public sealed class DeviceCommandBatch
    {
        private readonly DeviceApi _api;
        private readonly string _accountName;
        private readonly Ws1DeviceCommand _command;
        private readonly SecureString? _unlockPin;
        private readonly DeviceMessage? _message;
        private readonly int _concurrency;

        // What is still to send, in order: bulk chunks first, then single devices (a chunk of one that goes alone).
        private readonly Queue<Request> _queue = new Queue<Request>();

        // On the wire, in the order sent; a request leaves once its results have been handed out.
        private readonly List<Request> _inFlight = new List<Request>();
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
            var single = new List<Ws1Device>();
            foreach (Ws1Device device in devices)
            {
                if (bulkLimit > 0 && DeviceCommandRules.CanSendInBulk(device, command, unlockPin))
                    bulk.Add(device);
                else
                    single.Add(device);
            }
            int size = (int)Math.Min(bulkLimit, int.MaxValue);
            for (int start = 0; start < bulk.Count; start += size)
                _queue.Enqueue(new Request(bulk.GetRange(start, Math.Min(size, bulk.Count - start))));
            foreach (Ws1Device device in single)
                _queue.Enqueue(new Request(new List<Ws1Device> { device }));
            Count = devices.Count;
        }

        /// <summary>The devices in the batch.</summary>
        public int Count { get; }

        public bool IsComplete => _queue.Count == 0 && _inFlight.Count == 0;

        /// <summary>
        /// Sends what fits on the wire (up to <c>concurrency</c> requests; the first alone until one is answered) and
        /// returns the results of the requests that complete next, in the order they were sent.
        /// </summary>
        public async Task<IReadOnlyList<Ws1DeviceCommandResult>> SendNextAsync(CancellationToken ct)
        {
            ct.ThrowIfCancellationRequested();
            var results = new List<Ws1DeviceCommandResult>();
            while (!_denied && _queue.Count > 0 && _inFlight.Count < (_answered ? _concurrency : 1))
            {
                Request request = _queue.Dequeue();
                request.Send = SendAsync(request.Devices, ct);
                _inFlight.Add(request);
            }
            if (_inFlight.Count > 0)
            {
                await Task.WhenAny(_inFlight.Select(r => r.Send!)).ConfigureAwait(false);
                ct.ThrowIfCancellationRequested();
                foreach (Request done in _inFlight.Where(r => r.Send!.IsCompleted).ToList())
                {
                    _inFlight.Remove(done);
                    results.AddRange(done.Send!.GetAwaiter().GetResult());
                }
                Note(results);
            }
            if (_denied)
                results.AddRange(NotSent());
            return results;
        }

        private Task<List<Ws1DeviceCommandResult>> SendAsync(List<Ws1Device> devices, CancellationToken ct) =>
            devices.Count == 1
                ? SendOneAsync(devices[0], ct)
                : _api.SendBulkAsync(devices, _command, _unlockPin != null, _message, ct);

        private async Task<List<Ws1DeviceCommandResult>> SendOneAsync(Ws1Device device, CancellationToken ct)
        {
            try
            {
                return new List<Ws1DeviceCommandResult> { await _api.SendCommandAsync(device, _command, _unlockPin, _message, ct).ConfigureAwait(false) };
            }
            catch (Ws1ApiException ex)
            {
                return new List<Ws1DeviceCommandResult> { Ws1DeviceCommandResult.Failed(device, _command, ex) };
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
            foreach (Request request in _inFlight)
            {
                // An answer that arrived just as the stop came is reported as it was answered.
                if (request.Send!.Status == TaskStatus.RanToCompletion)
                {
                    results.AddRange(request.Send.Result);
                    continue;
                }
                request.Send.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                foreach (Ws1Device device in request.Devices)
                    results.Add(Ws1DeviceCommandResult.For(device, _command, Ws1DeviceCommandStatus.OutcomeUnknown,
                        $"Stopped while the {command} request for this device was on the wire: the device may or may not have taken it. Check it with Get-Ws1Device -DeviceId {device.Id} before sending again."));
            }
            foreach (Ws1Device device in _queue.SelectMany(r => r.Devices))
                results.Add(Ws1DeviceCommandResult.For(device, _command, Ws1DeviceCommandStatus.NotSent,
                    $"Not sent: the command was stopped before {command} was sent to this device."));
            _inFlight.Clear();
            _queue.Clear();
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
            string message = Ws1Permissions.NotSentAfterRefusal(_accountName, DeviceCommandRules.ActionOf(_command));
            var devices = _queue.SelectMany(r => r.Devices).ToList();
            _queue.Clear();
            return devices.Select(d => Ws1DeviceCommandResult.For(d, _command, Ws1DeviceCommandStatus.Failed, message));
        }

        /// <summary>One request: a bulk chunk, or one device.</summary>
        private sealed class Request
        {
            public Request(List<Ws1Device> devices) => Devices = devices;

            public List<Ws1Device> Devices { get; }

            /// <summary>Set once sent.</summary>
            public Task<List<Ws1DeviceCommandResult>>? Send { get; set; }
        }
    }
}
