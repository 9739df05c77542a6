using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace WorkspaceOneUem.Client.Resolution
{
    /// <summary>
    /// Where a user reference is resolved: takes references (names, ids, users read before, each with its account)
    /// and gives back typed outcomes in input order. Lookups run ahead, at most the session's PageConcurrency at once
    /// per account. When devices are asked for, they are found once the input has ended, by the plan that costs
    /// fewer requests (<see cref="DeviceLookupPlan"/>): one device search per user, or one listing of the account's
    /// devices joined by user name. Either way only a user's own devices count (exact user name, ignoring case),
    /// because the API matches user names partially. Knows nothing of PowerShell: callers turn outcomes into
    /// objects and errors.
    /// </summary>
    /// <remarks>Add, TakeReady and FinishAsync are called from one thread (a cmdlet's pipeline thread).</remarks>
    public sealed class UserResolver
    {
        private readonly Func<string, Ws1Session?> _findSession;
        private readonly Func<Ws1Session> _defaultSession;
        private readonly string? _requiredAccountName;
        private readonly DeviceLookupPlan? _devices;
        private readonly List<Task<List<UserOutcome>>> _pending = new List<Task<List<UserOutcome>>>();
        private readonly SessionGates _gates = new SessionGates();
        private readonly List<DevicePlanChoice> _plans = new List<DevicePlanChoice>();

        /// <param name="findSession">The open session of an account name, or null.</param>
        /// <param name="defaultSession">The session for references that name no account; may throw when there is none.</param>
        /// <param name="requiredAccountName">When set, references of other accounts are refused (OtherAccount).</param>
        /// <param name="devices">Null when no devices are wanted; else how to find them.</param>
        public UserResolver(Func<string, Ws1Session?> findSession, Func<Ws1Session> defaultSession, string? requiredAccountName, DeviceLookupPlan? devices)
        {
            _findSession = findSession ?? throw new ArgumentNullException(nameof(findSession));
            _defaultSession = defaultSession ?? throw new ArgumentNullException(nameof(defaultSession));
            _requiredAccountName = requiredAccountName;
            _devices = devices;
        }

        /// <summary>The device plans chosen so far, one per account.</summary>
        public IReadOnlyList<DevicePlanChoice> Plans => _plans;

        /// <summary>Starts resolving a reference. The account is settled at once, so an unknown default fails here.</summary>
        public void Add(UserReference reference, CancellationToken ct)
        {
            if (reference == null)
                throw new ArgumentNullException(nameof(reference));
            _pending.Add(StartAsync(reference, ct));
        }

        /// <summary>
        /// The outcomes whose lookups are done, in input order, without waiting. Devices are found only once the input
        /// has ended, so while they are asked for this returns nothing: see <see cref="FinishAsync"/>.
        /// </summary>
        public IReadOnlyList<UserOutcome> TakeReady()
        {
            var ready = new List<UserOutcome>();
            if (_devices.HasValue)
                return ready;
            int done = 0;
            while (done < _pending.Count && _pending[done].IsCompleted)
                ready.AddRange(_pending[done++].GetAwaiter().GetResult());
            _pending.RemoveRange(0, done);
            return ready;
        }

        /// <summary>Once the input has ended: every outcome not yet taken, in input order, with devices when asked for.</summary>
        public async Task<IReadOnlyList<UserOutcome>> FinishAsync(CancellationToken ct)
        {
            var outcomes = new List<UserOutcome>();
            foreach (Task<List<UserOutcome>> pending in _pending)
                outcomes.AddRange(await pending.ConfigureAwait(false));
            _pending.Clear();
            if (_devices.HasValue)
            {
                foreach (IGrouping<Ws1Session, UserOutcome> account in outcomes.Where(o => o.Kind == UserOutcomeKind.Found).GroupBy(o => o.Session!))
                    await FindDevicesAsync(account.Key, account.ToList(), _devices.Value, ct).ConfigureAwait(false);
            }
            return outcomes;
        }

        private Task<List<UserOutcome>> StartAsync(UserReference reference, CancellationToken ct)
        {
            AccountRoute route = AccountRoute.Of(reference.AccountName, reference.Target, _requiredAccountName, _findSession, _defaultSession);
            if (route.Session == null)
                return Done(new UserOutcome(reference, route.IsOtherAccount ? UserOutcomeKind.OtherAccount : UserOutcomeKind.NotConnected, null, route.Refusal!));
            return LookUpAsync(route.Session, reference, ct);
        }

        private static Task<List<UserOutcome>> Done(UserOutcome outcome) => Task.FromResult(new List<UserOutcome> { outcome });

        private async Task<List<UserOutcome>> LookUpAsync(Ws1Session session, UserReference reference, CancellationToken ct)
        {
            if (reference.User != null)
                return new List<UserOutcome> { Found(session, reference, reference.User) };
            if (!reference.Id.HasValue && reference.UserName != null && reference.UserName.IndexOfAny(WildcardCharacters) >= 0)
            {
                return new List<UserOutcome> { new UserOutcome(reference, UserOutcomeKind.NotExact, session,
                    $"'{reference.UserName}' contains wildcard characters; only exact user names are taken here. Pipe users from Get-Ws1User to act on a pattern.") };
            }
            SemaphoreSlim gate = GateOf(session);
            await gate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                return reference.Id.HasValue
                    ? new List<UserOutcome> { await ByIdAsync(session, reference, reference.Id.Value, ct).ConfigureAwait(false) }
                    : await ByNameAsync(session, reference, reference.UserName!, ct).ConfigureAwait(false);
            }
            catch (Ws1ApiException ex)
            {
                return new List<UserOutcome> { new UserOutcome(reference, UserOutcomeKind.Failed, session, ex.Message) { Error = ex } };
            }
            finally
            {
                gate.Release();
            }
        }

        private static readonly char[] WildcardCharacters = { '*', '?', '[' };

        private static async Task<UserOutcome> ByIdAsync(Ws1Session session, UserReference reference, long id, CancellationToken ct)
        {
            Ws1User user;
            try
            {
                user = await session.Users.GetAsync(id, ct).ConfigureAwait(false);
            }
            catch (Ws1ApiException ex) when (ex.Kind == Ws1ErrorKind.NotFound)
            {
                return new UserOutcome(reference, UserOutcomeKind.NotFound, session, $"No user with id {id} on account '{session.AccountName}'.") { Error = ex };
            }
            return Agrees(reference, user) ? Found(session, reference, user)
                : new UserOutcome(reference, UserOutcomeKind.Mismatch, session,
                    $"The input names {reference}, but on account '{session.AccountName}' id {user.Id} is user '{user.UserName}' ({user.Email}). It was left alone.") { User = user };
        }

        private static async Task<List<UserOutcome>> ByNameAsync(Ws1Session session, UserReference reference, string userName, CancellationToken ct)
        {
            List<Ws1User> exact = await session.Users.FindByUserNameAsync(userName, ct).ConfigureAwait(false);
            if (exact.Count == 0)
                return new List<UserOutcome> { new UserOutcome(reference, UserOutcomeKind.NotFound, session, $"No user named exactly '{userName}' on account '{session.AccountName}'.") };
            return exact.Select(user => Agrees(reference, user) ? Found(session, reference, user)
                : new UserOutcome(reference, UserOutcomeKind.Mismatch, session,
                    $"The input names {reference}, but on account '{session.AccountName}' user '{user.UserName}' has the email {user.Email}. It was left alone.") { User = user }).ToList();
        }

        /// <summary>A reference naming a user by several keys is used only when the server agrees on all of them.</summary>
        private static bool Agrees(UserReference reference, Ws1User user) =>
            (reference.UserName == null || string.Equals(reference.UserName, user.UserName, StringComparison.OrdinalIgnoreCase))
            && (reference.Email == null || string.Equals(reference.Email, user.Email, StringComparison.OrdinalIgnoreCase));

        private static UserOutcome Found(Ws1Session session, UserReference reference, Ws1User user) =>
            new UserOutcome(reference, UserOutcomeKind.Found, session, string.Empty) { User = user };

        private SemaphoreSlim GateOf(Ws1Session session) => _gates.Of(session);

        /// <summary>
        /// The devices of the found users of one account, by the plan that needs fewer requests: a device search per
        /// user costs one request each; a listing costs the pages the account's device Total fills, and one request
        /// to learn that Total. With two users or fewer a listing can never be cheaper, so the Total is not asked.
        /// </summary>
        private async Task FindDevicesAsync(Ws1Session session, List<UserOutcome> found, DeviceLookupPlan plan, CancellationToken ct)
        {
            Dictionary<string, List<UserOutcome>> byName = found
                .GroupBy(o => o.User!.UserName ?? string.Empty, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.OrdinalIgnoreCase);
            bool forced = plan != DeviceLookupPlan.Auto;
            long? pages = null;
            long? devices = null;
            if (plan == DeviceLookupPlan.Auto)
            {
                plan = DeviceLookupPlan.PerUser;
                if (byName.Count > 2)
                {
                    try
                    {
                        long total = await session.Devices.CountAsync(new DeviceSearch(), ct).ConfigureAwait(false);
                        devices = total;
                        pages = Math.Max(1, (total + Http.PagedSearch.MaxPageSize - 1) / Http.PagedSearch.MaxPageSize);
                        if (byName.Count > pages.Value)
                            plan = DeviceLookupPlan.Listing;
                    }
                    catch (Ws1ApiException)
                    {
                        // Without the Total the cost of a listing is unknown: one search per user is the plan that was known to work.
                        pages = null;
                        devices = null;
                    }
                }
            }
            _plans.Add(new DevicePlanChoice(session.AccountName, byName.Count, plan, pages, forced));
            if (plan == DeviceLookupPlan.Listing)
                await ListAndJoinAsync(session, byName, devices, ct).ConfigureAwait(false);
            else
                await SearchEachAsync(session, byName, ct).ConfigureAwait(false);
        }

        private static async Task ListAndJoinAsync(Ws1Session session, Dictionary<string, List<UserOutcome>> byName, long? total, CancellationToken ct)
        {
            var devices = byName.Keys.ToDictionary(name => name, _ => new List<Ws1Device>(), StringComparer.OrdinalIgnoreCase);
            try
            {
                await foreach (Ws1Device device in session.Devices.ListOwnedByAsync(devices.ContainsKey, total, ct).ConfigureAwait(false))
                    devices[device.UserName!].Add(device); // handed out only for a wanted owner's name
            }
            catch (Ws1ApiException ex)
            {
                foreach (UserOutcome outcome in byName.Values.SelectMany(list => list))
                    outcome.DeviceError = ex;
                return;
            }
            foreach (KeyValuePair<string, List<UserOutcome>> user in byName)
            {
                foreach (UserOutcome outcome in user.Value)
                    outcome.Devices = devices[user.Key];
            }
        }

        private async Task SearchEachAsync(Ws1Session session, Dictionary<string, List<UserOutcome>> byName, CancellationToken ct)
        {
            SemaphoreSlim gate = GateOf(session);
            await Task.WhenAll(byName.Select(async user =>
            {
                await gate.WaitAsync(ct).ConfigureAwait(false);
                try
                {
                    List<Ws1Device> all = await session.Devices.SearchAsync(new DeviceSearch { UserName = user.Key }, ct).CollectAsync(ct).ConfigureAwait(false);
                    List<Ws1Device> own = all.Where(d => string.Equals(d.UserName, user.Key, StringComparison.OrdinalIgnoreCase)).ToList();
                    foreach (UserOutcome outcome in user.Value)
                        outcome.Devices = own;
                }
                catch (Ws1ApiException ex)
                {
                    foreach (UserOutcome outcome in user.Value)
                        outcome.DeviceError = ex;
                }
                finally
                {
                    gate.Release();
                }
            })).ConfigureAwait(false);
        }
    }
}
