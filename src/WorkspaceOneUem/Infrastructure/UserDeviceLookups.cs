using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using WorkspaceOneUem.Client;

namespace WorkspaceOneUem.Infrastructure
{
    /// <summary>The devices found for one piped user; <see cref="Failed"/> when the search failed (its error is written).</summary>
    internal sealed class UserDevices
    {
        public Ws1Session Session { get; set; }
        public Ws1User User { get; set; }
        public List<Ws1Device> Devices { get; set; }
        public bool Failed { get; set; }
    }

    /// <summary>
    /// Looks up the devices of piped users several at once, at most the session's PageConcurrency, and hands the
    /// results back in input order on the pipeline thread. One device search per user; the API matches user
    /// names partially, so only the user's own devices (exact, case-insensitive) are kept.
    /// </summary>
    internal sealed class UserDeviceLookups
    {
        private readonly Ws1Cmdlet _cmdlet;
        private readonly LookupQueue<UserDevices> _running = new LookupQueue<UserDevices>();

        public UserDeviceLookups(Ws1Cmdlet cmdlet)
        {
            _cmdlet = cmdlet;
        }

        /// <summary>Starts the search for a user's devices; returns the lookups that are done by now, oldest first.</summary>
        public List<UserDevices> Add(Ws1Session session, Ws1User user)
        {
            List<UserDevices> done = _running.MakeRoom(session.PageConcurrency);
            NameFilter exact = NameFilter.Exact(user.UserName);
            var search = new DeviceSearch { UserName = exact.ServerFilter };
            Task<List<Ws1Device>> call = _cmdlet.Start(ct => session.Devices.ListAsync(search, ct));
            _running.Add(new PendingLookup<UserDevices>(call, () => new[] { Finish(session, user, exact, call) }));
            done.AddRange(_running.TakeDone());
            return done;
        }

        /// <summary>Waits for every lookup still running; call when the input has ended.</summary>
        public List<UserDevices> Drain() => _running.Drain();

        private UserDevices Finish(Ws1Session session, Ws1User user, NameFilter exact, Task<List<Ws1Device>> call)
        {
            var result = new UserDevices { Session = session, User = user };
            try
            {
                result.Devices = _cmdlet.Wait(call).Where(d => exact.Matches(d.UserName)).ToList();
            }
            catch (Ws1ApiException ex)
            {
                _cmdlet.WriteError(Ws1Cmdlet.ErrorFrom(ex, exact.ToString()));
                result.Devices = new List<Ws1Device>();
                result.Failed = true;
            }
            return result;
        }
    }
}
