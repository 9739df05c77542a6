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
                _cmdlet.WriteError(Ws1Cmdlet.NotConnectedError(accountName));
            return session;
        }

        /// <summary>
        /// The users a changing cmdlet's input names: each piped object in its own account (see the overload), or
        /// else ids or exact user names in the one account of <paramref name="accountName"/>. A piped device is
        /// refused: its Id is no user id, and guessing which user was meant is no way to pick what to change.
        /// </summary>
        public IEnumerable<(Ws1Session Session, Ws1User User)> UsersOf(PSObject[] input, long[] ids, string[] userNames, string accountName, Func<Ws1Session> session)
        {
            if (input != null)
            {
                foreach (PSObject item in input)
                {
                    if (item.BaseObject is Ws1Device device)
                    {
                        _cmdlet.WriteError(new ErrorRecord(new ArgumentException($"Device {device.Describe()} was piped in; this command acts on users. Pipe users (Get-Ws1User), or give -UserName '{device.UserName}'."),
                            "Ws1.DeviceInput", ErrorCategory.InvalidArgument, device));
                        continue;
                    }
                    foreach ((Ws1Session, Ws1User) found in UsersOf(UserInput.From(item), accountName, session))
                        yield return found;
                }
                yield break;
            }
            // Ids and names given at once are looked up PageConcurrency at a time and handed out in the order given.
            Ws1Session account = session();
            var running = new Queue<Func<IEnumerable<Ws1User>>>();
            IEnumerable<object> wanted = (ids ?? new long[0]).Cast<object>().Concat(userNames ?? new string[0]);
            foreach (object key in wanted)
            {
                while (running.Count >= Math.Max(1, account.PageConcurrency))
                {
                    foreach (Ws1User user in running.Dequeue()())
                        yield return (account, user);
                }
                running.Enqueue(key is long id ? StartUserWithId(account, id) : StartUsersNamed(account, (string)key));
            }
            while (running.Count > 0)
            {
                foreach (Ws1User user in running.Dequeue()())
                    yield return (account, user);
            }
        }

        /// <summary>
        /// The user a piped object names, in its own account (never another; <paramref name="defaultSession"/> only
        /// for objects that name no account): a user read from the server as it is, else looked up by id or exact
        /// name. An object naming both an id and a name or email is used only when the server agrees on all of them.
        /// </summary>
        public IEnumerable<(Ws1Session Session, Ws1User User)> UsersOf(UserInput input, string requiredAccountName, Func<Ws1Session> defaultSession)
        {
            ErrorRecord invalid = input.Invalid(emailIsEnough: false);
            if (invalid != null)
            {
                _cmdlet.WriteError(invalid);
                yield break;
            }
            Ws1Session session = input.AccountName != null ? SessionFor(input.AccountName, requiredAccountName, input.Target) : defaultSession();
            if (session == null)
                yield break;
            if (input.User != null)
            {
                yield return (session, input.User);
                yield break;
            }
            IEnumerable<Ws1User> found = input.Id.HasValue ? new[] { UserWithId(session, input.Id.Value) } : UsersNamed(session, input.UserName);
            foreach (Ws1User user in found)
            {
                if (user != null && Agrees(input, user, session))
                    yield return (session, user);
            }
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

        /// <summary>The user with exactly this name (no wildcards); an ObjectNotFound error when there is none.</summary>
        public IEnumerable<Ws1User> UsersNamed(Ws1Session session, string userName) => StartUsersNamed(session, userName)();

        /// <summary>
        /// Starts the search for the user with exactly this name; the function returned waits for it on the pipeline
        /// thread and writes what went wrong (a wildcard, no such user, a failed call) as an error.
        /// </summary>
        private Func<IEnumerable<Ws1User>> StartUsersNamed(Ws1Session session, string userName)
        {
            if (WildcardPattern.ContainsWildcardCharacters(userName))
            {
                return () =>
                {
                    _cmdlet.WriteError(new ErrorRecord(new ArgumentException($"-UserName '{userName}' contains wildcard characters; this command acts on exact user names only. Pipe users from Get-Ws1User to act on a pattern."),
                        "Ws1.UserNameWildcard", ErrorCategory.InvalidArgument, userName));
                    return new Ws1User[0];
                };
            }
            Task<List<Ws1User>> search = _cmdlet.Start(ct => session.Users.ListAsync(new UserSearch { UserName = userName }, ct));
            return () =>
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
            };
        }

        public Ws1User UserWithId(Ws1Session session, long id) => StartUserWithId(session, id)().FirstOrDefault();

        /// <summary>Starts reading the user with this id; the function returned waits for it and writes a failure as an error.</summary>
        private Func<IEnumerable<Ws1User>> StartUserWithId(Ws1Session session, long id)
        {
            Task<Ws1User> read = _cmdlet.Start(ct => session.Users.GetAsync(id, ct));
            return () =>
            {
                Ws1User user = ReadUserWithId(session, id, read);
                return user == null ? new Ws1User[0] : new[] { user };
            };
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
