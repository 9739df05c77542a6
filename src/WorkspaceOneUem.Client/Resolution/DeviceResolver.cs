using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace WorkspaceOneUem.Client.Resolution
{
    /// <summary>
    /// Where a device reference is resolved, as <see cref="UserResolver"/> resolves users: takes references (devices
    /// read before, ids, serial numbers, each with its account) and gives back typed outcomes in input order. A device
    /// given by id or serial number is read (GET) first, so that what is acted on is what the tenant holds now; a
    /// device read before is used as it is. Lookups run ahead, at most the session's PageConcurrency at once per
    /// account. Knows nothing of PowerShell.
    /// </summary>
    /// <remarks>Add and FinishAsync are called from one thread (a cmdlet's pipeline thread).</remarks>
    public sealed class DeviceResolver
    {
        private readonly Func<string, Ws1Session?> _findSession;
        private readonly Func<Ws1Session> _defaultSession;
        private readonly string? _requiredAccountName;
        private readonly List<Task<DeviceOutcome>> _pending = new List<Task<DeviceOutcome>>();
        private readonly SessionGates _gates = new SessionGates();

        /// <param name="findSession">The open session of an account name, or null.</param>
        /// <param name="defaultSession">The session for references that name no account; may throw when there is none.</param>
        /// <param name="requiredAccountName">When set, references of other accounts are refused (OtherAccount).</param>
        public DeviceResolver(Func<string, Ws1Session?> findSession, Func<Ws1Session> defaultSession, string? requiredAccountName)
        {
            _findSession = findSession ?? throw new ArgumentNullException(nameof(findSession));
            _defaultSession = defaultSession ?? throw new ArgumentNullException(nameof(defaultSession));
            _requiredAccountName = requiredAccountName;
        }

        /// <summary>Starts resolving a reference. The account is settled at once, so an unknown default fails here.</summary>
        public void Add(DeviceReference reference, CancellationToken ct)
        {
            if (reference == null)
                throw new ArgumentNullException(nameof(reference));
            AccountRoute route = AccountRoute.Of(reference.AccountName, reference.Target, _requiredAccountName, _findSession, _defaultSession);
            _pending.Add(route.Session == null
                ? Task.FromResult(new DeviceOutcome(reference, route.IsOtherAccount ? DeviceOutcomeKind.OtherAccount : DeviceOutcomeKind.NotConnected, null, route.Refusal!))
                : LookUpAsync(route.Session, reference, ct));
        }

        /// <summary>Every outcome not yet taken, in input order.</summary>
        public async Task<IReadOnlyList<DeviceOutcome>> FinishAsync(CancellationToken ct)
        {
            var outcomes = new List<DeviceOutcome>();
            foreach (Task<DeviceOutcome> pending in _pending)
                outcomes.Add(await pending.ConfigureAwait(false));
            _pending.Clear();
            return outcomes;
        }

        private async Task<DeviceOutcome> LookUpAsync(Ws1Session session, DeviceReference reference, CancellationToken ct)
        {
            if (reference.Device != null)
                return new DeviceOutcome(reference, DeviceOutcomeKind.Found, session, string.Empty) { Device = reference.Device };
            SemaphoreSlim gate = _gates.Of(session);
            await gate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                Ws1Device device = reference.SerialNumber != null
                    ? await session.Devices.GetBySerialNumberAsync(reference.SerialNumber, ct).ConfigureAwait(false)
                    : await session.Devices.GetAsync(reference.Id!.Value, ct).ConfigureAwait(false);
                return new DeviceOutcome(reference, DeviceOutcomeKind.Found, session, string.Empty) { Device = device };
            }
            catch (Ws1ApiException ex) when (ex.Kind == Ws1ErrorKind.NotFound)
            {
                return new DeviceOutcome(reference, DeviceOutcomeKind.NotFound, session,
                    $"No {reference} on account '{session.AccountName}'. Check it with Get-Ws1Device -AccountName '{session.AccountName}'.") { Error = ex };
            }
            catch (Ws1ApiException ex)
            {
                return new DeviceOutcome(reference, DeviceOutcomeKind.Failed, session, ex.Message) { Error = ex };
            }
            finally
            {
                gate.Release();
            }
        }
    }
}
