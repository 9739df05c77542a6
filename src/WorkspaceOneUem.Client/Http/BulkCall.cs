using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using WorkspaceOneUem.Client.Json;

namespace WorkspaceOneUem.Client.Http
{
    /// <summary>The v1 bulk calls of users and devices: BulkInput {"BulkValues":{"Value":[..]}} in, BulkResponse back.</summary>
    internal static class BulkCall
    {
        /// <summary>The ids, and any further fields the call takes beside them (a bulk message's text).</summary>
        public static string Body(IEnumerable<long> ids, JObject? fields = null)
        {
            var body = new JObject { ["BulkValues"] = new JObject { ["Value"] = new JArray(ids.Select(Item)) } };
            if (fields != null)
                body.Merge(fields);
            return body.ToString(Newtonsoft.Json.Formatting.None);
        }

        /// <summary>How an id is named in a bulk body and in the faults that come back.</summary>
        public static string Item(long id) => id.ToString(CultureInfo.InvariantCulture);

        /// <summary>
        /// Sends a bulk call. An answer without a BulkResponse is OutcomeUnknown: the items may have been
        /// processed. Like every write, the call is never sent again after an ambiguous failure.
        /// </summary>
        public static async Task<Ws1BulkCommandResponse> SendAsync(Ws1Transport transport, ApiRequest request, CancellationToken ct)
        {
            Ws1BulkCommandResponse? response = await transport.SendAsync(request, reader => Ws1Json.Serializer.Deserialize<Ws1BulkCommandResponse>(reader), ct).ConfigureAwait(false);
            if (response == null)
                throw new Ws1ApiException(Ws1ErrorKind.OutcomeUnknown,
                    $"The outcome of '{request.Operation}' is unknown: the server sent no bulk response. It was not sent again; check the items before trying again.",
                    correlationId: request.CorrelationId);
            response.Faults = response.Faults ?? new Ws1BulkFaults();
            response.CorrelationId = request.CorrelationId;
            return response;
        }
    }

    /// <summary>
    /// How each item of one bulk call fared. The answer is 200 even when items failed: an item a fault names
    /// failed; the others were done only when AcceptedItems and FailedItems add up with the faults named.
    /// Otherwise the server failed items it did not name, and which ones is unknown.
    /// </summary>
    internal sealed class BulkOutcome
    {
        private readonly Ws1BulkCommandResponse _response;
        private readonly Dictionary<string, Ws1BulkFault> _faults;
        private readonly int _items;

        private BulkOutcome(Ws1BulkCommandResponse response, Dictionary<string, Ws1BulkFault> faults, int items, bool othersDone)
        {
            _response = response;
            _faults = faults;
            _items = items;
            OthersDone = othersDone;
        }

        /// <summary>True when every item without a fault counts as done.</summary>
        public bool OthersDone { get; }

        public static BulkOutcome Of(Ws1BulkCommandResponse response, IReadOnlyCollection<string> items)
        {
            var faults = new Dictionary<string, Ws1BulkFault>(StringComparer.Ordinal);
            foreach (Ws1BulkFault fault in response.Faults?.Fault ?? new List<Ws1BulkFault>())
            {
                if (fault?.ItemValue != null)
                    faults[fault.ItemValue.Trim()] = fault;
            }
            int named = items.Count(faults.ContainsKey);
            bool othersDone = response.FailedItems <= named && response.AcceptedItems >= items.Count - named;
            return new BulkOutcome(response, faults, items.Count, othersDone);
        }

        public Ws1BulkFault? FaultOf(string item) => _faults.TryGetValue(item, out Ws1BulkFault? fault) ? fault : null;

        /// <summary>The error for an item a fault names: NotFound when the item no longer exists, else BadRequest.</summary>
        public Ws1ApiException FaultError(Ws1BulkFault fault, string notDone, int? errorCode = null)
        {
            string said = fault.Message ?? string.Empty;
            bool gone = fault.ErrorCode == 404 || said.IndexOf("not found", StringComparison.OrdinalIgnoreCase) >= 0
                || said.IndexOf("does not exist", StringComparison.OrdinalIgnoreCase) >= 0;
            return new Ws1ApiException(gone ? Ws1ErrorKind.NotFound : Ws1ErrorKind.BadRequest,
                $"The server did not {notDone}. The server said: {said}" + CorrelationText,
                200, errorCode ?? fault.ErrorCode, _response.CorrelationId);
        }

        /// <summary>The error for items without a fault when the counts do not add up (<see cref="OthersDone"/> false).</summary>
        public Ws1ApiException UnknownError(string whether, string checkWhat) =>
            new Ws1ApiException(Ws1ErrorKind.OutcomeUnknown,
                $"Whether {whether} is unknown: the bulk answer counted {_response.AcceptedItems} accepted and {_response.FailedItems} failed of {_items} "
                + $"but did not name every failure. The request was not sent again; check {checkWhat} before trying again." + CorrelationText,
                200, correlationId: _response.CorrelationId);

        private string CorrelationText => _response.CorrelationId != null ? $" Correlation id: {_response.CorrelationId}." : string.Empty;
    }
}
