using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using System.Management.Automation;
using WorkspaceOneUem.Client;

namespace WorkspaceOneUem.Infrastructure
{
    /// <summary>
    /// Finds users and their devices for the cmdlets, always matching user names on our side: the API's
    /// own filters match partially, so a search for 'ann' also returns the devices of 'joann'.
    /// Problems are written to the cmdlet as non-terminating errors; callers get only what was found.
    /// </summary>
    internal sealed class UserDeviceFinder
    {
        private readonly Ws1Cmdlet _cmdlet;

        public UserDeviceFinder(Ws1Cmdlet cmdlet)
        {
            _cmdlet = cmdlet;
        }

        /// <summary>
        /// The session a piped object (user, device) belongs to: its own account, never another one. With
        /// <paramref name="requiredAccountName"/> set, an object of another account is refused rather than acted on.
        /// </summary>
        public Ws1Session SessionFor(string accountName, string requiredAccountName, object target)
        {
            if (string.IsNullOrEmpty(accountName))
            {
                _cmdlet.WriteError(new ErrorRecord(new ArgumentException($"'{target}' carries no AccountName, so the tenant it belongs to is unknown. Pass it through Get-Ws1User or Get-Ws1Device, or give -UserName with -AccountName."),
                    "Ws1.MissingAccountName", ErrorCategory.InvalidArgument, target));
                return null;
            }
            if (!string.IsNullOrEmpty(requiredAccountName) && !string.Equals(accountName, requiredAccountName, StringComparison.OrdinalIgnoreCase))
            {
                _cmdlet.WriteError(new ErrorRecord(new InvalidOperationException($"'{target}' belongs to account '{accountName}', not to -AccountName '{requiredAccountName}'; it was left alone."),
                    "Ws1.AccountMismatch", ErrorCategory.InvalidArgument, target));
                return null;
            }
            Ws1Session session = _cmdlet.Registry.Find(accountName);
            if (session == null)
                _cmdlet.WriteError(_cmdlet.NotConnectedError(accountName));
            return session;
        }

        /// <summary>
        /// The users a changing cmdlet's input names: each piped object in its own account (see the overload), or
        /// else ids or exact user names in the one account of <paramref name="accountName"/>. A piped device is
        /// refused: its Id is no user id, and guessing which user was meant is no way to pick what to change.
        /// Lookups run ahead, at most the session's PageConcurrency at once, and users come back in input order.
        /// Piped objects carry over from one ProcessRecord to the next: take <see cref="RemainingPipedUsers"/> in
        /// EndProcessing.
        /// </summary>
        public IEnumerable<(Ws1Session Session, Ws1User User)> UsersOf(PSObject[] input, long[] ids, string[] userNames, string accountName, Func<Ws1Session> session)
        {
            if (input != null)
            {
                foreach (PSObject item in input)
                {
                    foreach ((Ws1Session, Ws1User) found in AddPiped(item, accountName, session))
                        yield return found;
                }
                yield break;
            }
            Ws1Session account = session();
            var given = new LookupQueue<Ws1User>();
            IEnumerable<object> wanted = (ids ?? new long[0]).Cast<object>().Concat(userNames ?? new string[0]);
            foreach (object key in wanted)
            {
                foreach (Ws1User user in given.MakeRoom(account.PageConcurrency))
                    yield return (account, user);
                given.Add(key is long id ? StartUserWithId(account, id) : StartUsersNamed(account, (string)key));
            }
            foreach (Ws1User user in given.Drain())
                yield return (account, user);
        }

        /// <summary>The users of piped objects whose lookups were still running when the input ended, in input order.</summary>
        public List<(Ws1Session Session, Ws1User User)> RemainingPipedUsers() => _piped.Drain();

        private readonly LookupQueue<(Ws1Session, Ws1User)> _piped = new LookupQueue<(Ws1Session, Ws1User)>();

        private List<(Ws1Session, Ws1User)> AddPiped(PSObject item, string accountName, Func<Ws1Session> session)
        {
            var ready = new List<(Ws1Session, Ws1User)>();
            if (item.BaseObject is Ws1Device device)
            {
                _piped.Add(PendingLookup<(Ws1Session, Ws1User)>.Done(() =>
                {
                    _cmdlet.WriteError(new ErrorRecord(new ArgumentException($"Device {device.Describe()} was piped in; this command acts on users. Pipe users (Get-Ws1User), or give -UserName '{device.UserName}'."),
                        "Ws1.DeviceInput", ErrorCategory.InvalidArgument, device));
                    return new (Ws1Session, Ws1User)[0];
                }));
            }
            else
            {
                UserInput user = UserInput.From(item);
                Ws1Session own = SessionOf(user, accountName, session);
                if (own != null)
                {
                    ready.AddRange(_piped.MakeRoom(own.PageConcurrency));
                    _piped.Add(StartUsersOf(user, own));
                }
            }
            ready.AddRange(_piped.TakeDone());
            return ready;
        }

        /// <summary>
        /// The user a piped object names, in its own account (never another; <paramref name="defaultSession"/> only
        /// for objects that name no account): a user read from the server as it is, else looked up by id or exact
        /// name. An object naming both an id and a name or email is used only when the server agrees on all of them.
        /// </summary>
        public IEnumerable<(Ws1Session Session, Ws1User User)> UsersOf(UserInput input, string requiredAccountName, Func<Ws1Session> defaultSession)
        {
            Ws1Session session = SessionOf(input, requiredAccountName, defaultSession);
            return session == null ? new (Ws1Session, Ws1User)[0] : StartUsersOf(input, session).Finish();
        }

        /// <summary>The session a piped object is acted on in, or null when it is invalid or has none (the error is written).</summary>
        private Ws1Session SessionOf(UserInput input, string requiredAccountName, Func<Ws1Session> defaultSession)
        {
            ErrorRecord invalid = input.Invalid(emailIsEnough: false);
            if (invalid != null)
            {
                _cmdlet.WriteError(invalid);
                return null;
            }
            return input.AccountName != null ? SessionFor(input.AccountName, requiredAccountName, input.Target) : defaultSession();
        }

        private PendingLookup<(Ws1Session, Ws1User)> StartUsersOf(UserInput input, Ws1Session session)
        {
            if (input.User != null)
                return PendingLookup<(Ws1Session, Ws1User)>.Done(() => new[] { (session, input.User) });
            PendingLookup<Ws1User> lookup = input.Id.HasValue ? StartUserWithId(session, input.Id.Value) : StartUsersNamed(session, input.UserName);
            return lookup.Then(users => users.Where(user => Agrees(input, user, session)).Select(user => (session, user)));
        }

        private bool Agrees(UserInput input, Ws1User user, Ws1Session session)
        {
            if ((input.UserName == null || string.Equals(input.UserName, user.UserName, StringComparison.OrdinalIgnoreCase))
                && (input.Email == null || string.Equals(input.Email, user.Email, StringComparison.OrdinalIgnoreCase)))
                return true;
            _cmdlet.WriteError(new ErrorRecord(new InvalidOperationException($"The input names {input}, but on account '{session.AccountName}' id {user.Id} is user '{user.UserName}' ({user.Email}). It was left alone."),
                "Ws1.UserMismatch", ErrorCategory.InvalidData, input.Target));
            return false;
        }

        /// <summary>
        /// Starts the search for the user with exactly this name (no wildcards). Finishing it writes what went wrong
        /// as an error: a wildcard, no such user (ObjectNotFound), a failed call.
        /// </summary>
        private PendingLookup<Ws1User> StartUsersNamed(Ws1Session session, string userName)
        {
            if (WildcardPattern.ContainsWildcardCharacters(userName))
            {
                return PendingLookup<Ws1User>.Done(() =>
                {
                    _cmdlet.WriteError(new ErrorRecord(new ArgumentException($"-UserName '{userName}' contains wildcard characters; this command acts on exact user names only. Pipe users from Get-Ws1User to act on a pattern."),
                        "Ws1.UserNameWildcard", ErrorCategory.InvalidArgument, userName));
                    return new Ws1User[0];
                });
            }
            Task<List<Ws1User>> search = _cmdlet.Start(ct => session.Users.ListAsync(new UserSearch { UserName = userName }, ct));
            return new PendingLookup<Ws1User>(search, () =>
            {
                NameFilter exact = NameFilter.Exact(userName);
                List<Ws1User> found;
                try
                {
                    found = _cmdlet.Wait(search).Where(u => exact.Matches(u.UserName)).ToList();
                }
                catch (Ws1ApiException ex)
                {
                    _cmdlet.WriteError(Ws1Cmdlet.ErrorFrom(ex, userName));
                    return new Ws1User[0];
                }
                if (found.Count == 0)
                {
                    _cmdlet.WriteError(new ErrorRecord(new ItemNotFoundException($"No user named exactly '{userName}' on account '{session.AccountName}'."),
                        "Ws1.UserNotFound", ErrorCategory.ObjectNotFound, userName));
                }
                return found;
            });
        }

        public Ws1User UserWithId(Ws1Session session, long id) => StartUserWithId(session, id).Finish().FirstOrDefault();

        /// <summary>Starts reading the user with this id; finishing it writes a failure (ObjectNotFound, a failed call) as an error.</summary>
        private PendingLookup<Ws1User> StartUserWithId(Ws1Session session, long id)
        {
            Task<Ws1User> read = _cmdlet.Start(ct => session.Users.GetAsync(id, ct));
            return new PendingLookup<Ws1User>(read, () =>
            {
                Ws1User user = ReadUserWithId(session, id, read);
                return user == null ? new Ws1User[0] : new[] { user };
            });
        }

        private Ws1User ReadUserWithId(Ws1Session session, long id, Task<Ws1User> read)
        {
            try
            {
                return _cmdlet.Wait(read);
            }
            catch (Ws1ApiException ex) when (ex.Kind == Ws1ErrorKind.NotFound)
            {
                _cmdlet.WriteError(new ErrorRecord(new ItemNotFoundException($"No user with id {id} on account '{session.AccountName}'.", ex),
                    "Ws1.UserNotFound", ErrorCategory.ObjectNotFound, id));
                return null;
            }
            catch (Ws1ApiException ex)
            {
                _cmdlet.WriteError(Ws1Cmdlet.ErrorFrom(ex, id));
                return null;
            }
        }
    }
}
