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
        private readonly Queue<(UserDevices Result, Task<List<Ws1Device>> Search)> _running =
            new Queue<(UserDevices, Task<List<Ws1Device>>)>();

        public UserDeviceLookups(Ws1Cmdlet cmdlet)
        {
            _cmdlet = cmdlet;
        }

        /// <summary>Starts the search for a user's devices; returns the lookups that are done by now, oldest first.</summary>
        public List<UserDevices> Add(Ws1Session session, Ws1User user)
        {
            var done = new List<UserDevices>();
            while (_running.Count >= Math.Max(1, session.PageConcurrency))
                done.Add(Finish());
            var search = new DeviceSearch { UserName = NameFilter.Exact(user.UserName).ServerFilter };
            _running.Enqueue((new UserDevices { Session = session, User = user },
                _cmdlet.Start(ct => session.Devices.ListAsync(search, ct))));
            while (_running.Count > 0 && _running.Peek().Search.IsCompleted)
                done.Add(Finish());
            return done;
        }

        /// <summary>Waits for every lookup still running; call when the input has ended.</summary>
        public List<UserDevices> Drain()
        {
            var done = new List<UserDevices>();
            while (_running.Count > 0)
                done.Add(Finish());
            return done;
        }

        private UserDevices Finish()
        {
            (UserDevices result, Task<List<Ws1Device>> search) = _running.Dequeue();
            NameFilter exact = NameFilter.Exact(result.User.UserName);
            try
            {
                result.Devices = _cmdlet.Wait(search).Where(d => exact.Matches(d.UserName)).ToList();
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
