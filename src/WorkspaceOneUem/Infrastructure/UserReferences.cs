using System;
using System.Collections.Generic;
using System.Management.Automation;
using WorkspaceOneUem.Client;
using WorkspaceOneUem.Client.Resolution;

namespace WorkspaceOneUem.Infrastructure
{
    /// <summary>
    /// The PowerShell side of resolving users: piped objects and parameters become references for the client's
    /// <see cref="UserResolver"/>, and its outcomes become ErrorRecords. What a reference resolves to is decided in
    /// the client; here only what PowerShell needs: which objects are input at all, and ErrorIds and categories.
    /// </summary>
    internal sealed class UserReferences
    {
        private readonly Ws1Cmdlet _cmdlet;

        public UserReferences(Ws1Cmdlet cmdlet, UserResolver resolver)
        {
            _cmdlet = cmdlet;
            Resolver = resolver;
        }

        public UserResolver Resolver { get; }

        /// <summary>
        /// Adds a piped object. A device is refused: its Id is no user id, and guessing which user was meant is no
        /// way to pick what to act on. An object that names no user is refused with the reason.
        /// </summary>
        public void AddPiped(PSObject item, bool emailIsEnough = false)
        {
            if (item.BaseObject is Ws1Device device)
            {
                _cmdlet.WriteError(new ErrorRecord(new ArgumentException($"Device {device.Describe()} was piped in; this command acts on users. Pipe users (Get-Ws1User), or give -UserName '{device.UserName}'."),
                    "Ws1.DeviceInput", ErrorCategory.InvalidArgument, device));
                return;
            }
            if (item.BaseObject is Ws1UserGroup || item.BaseObject is Ws1SmartGroup)
            {
                // A group's Id is no user id: taken as one, it would name some other user.
                string advice = item.BaseObject is Ws1UserGroup group
                    ? $"Pipe its members (Get-Ws1UserGroupMember), or pipe the group with -UserName to add users to it (Add-Ws1UserGroupMember -UserName ...). Group id {group.Id}."
                    : "Pipe its devices (Get-Ws1Device -SmartGroupId) into a device command instead.";
                _cmdlet.WriteError(new ErrorRecord(new ArgumentException($"Group '{item}' was piped in where users are expected. {advice}"),
                    "Ws1.GroupInput", ErrorCategory.InvalidArgument, item.BaseObject));
                return;
            }
            UserInput input = UserInput.From(item);
            ErrorRecord? invalid = input.Invalid(emailIsEnough);
            if (invalid != null)
            {
                _cmdlet.WriteError(invalid);
                return;
            }
            Resolver.Add(input.ToReference(), _cmdlet.CancelToken);
        }

        /// <summary>One ProcessRecord's input: the piped objects, or else the ids and then the exact names given as parameters.</summary>
        public void AddInput(PSObject[]? piped, long[]? ids, string[]? userNames)
        {
            if (piped == null)
            {
                AddGiven(ids, userNames);
                return;
            }
            foreach (PSObject item in piped)
                AddPiped(item);
        }

        /// <summary>Ids, then exact user names, all in the resolver's default account.</summary>
        public void AddGiven(long[]? ids, string[]? userNames)
        {
            foreach (long id in ids ?? Array.Empty<long>())
                Resolver.Add(UserReference.ForId(id), _cmdlet.CancelToken);
            foreach (string name in userNames ?? Array.Empty<string>())
                Resolver.Add(UserReference.ForName(name), _cmdlet.CancelToken);
        }

        /// <summary>The users found, in input order; every other outcome is written as an error on the way.</summary>
        public IEnumerable<UserOutcome> Found(IEnumerable<UserOutcome> outcomes)
        {
            foreach (UserOutcome outcome in outcomes)
            {
                if (outcome.Kind != UserOutcomeKind.Found)
                {
                    _cmdlet.WriteError(ErrorOf(outcome));
                    continue;
                }
                if (outcome.DeviceError != null)
                {
                    _cmdlet.WriteError(Ws1Cmdlet.ErrorFrom(outcome.DeviceError, outcome.User?.UserName));
                    continue;
                }
                yield return outcome;
            }
        }

        /// <summary>The users whose lookups are done, in input order, without waiting.</summary>
        public IEnumerable<UserOutcome> Ready() => Found(Resolver.TakeReady());

        /// <summary>Once the input has ended: the rest, in input order, with devices when asked for; the device plan goes to verbose.</summary>
        public IEnumerable<UserOutcome> Rest()
        {
            IReadOnlyList<UserOutcome> rest = _cmdlet.Await(ct => Resolver.FinishAsync(ct));
            foreach (DevicePlanChoice plan in Resolver.Plans)
                _cmdlet.WriteVerbose(plan.ToString());
            return Found(rest);
        }

        /// <summary>The error record of an outcome other than Found; <paramref name="message"/> replaces the outcome's own when given.</summary>
        internal ErrorRecord ErrorOf(UserOutcome outcome, string? message = null)
        {
            UserReference reference = outcome.Reference;
            string text = message ?? outcome.Message;
            switch (outcome.Kind)
            {
                case UserOutcomeKind.NotFound:
                    return new ErrorRecord(new ItemNotFoundException(text, outcome.Error), "Ws1.UserNotFound", ErrorCategory.ObjectNotFound,
                        reference.User != null || reference.UserName == null ? (object?)reference.Id ?? reference.Target : reference.UserName);
                case UserOutcomeKind.NotConnected:
                    return _cmdlet.NotConnectedError(outcome.AccountName);
                case UserOutcomeKind.OtherAccount:
                    return new ErrorRecord(new InvalidOperationException(text), "Ws1.AccountMismatch", ErrorCategory.InvalidArgument, reference.Target);
                case UserOutcomeKind.Mismatch:
                    return new ErrorRecord(new InvalidOperationException(text), "Ws1.UserMismatch", ErrorCategory.InvalidData, reference.Target);
                case UserOutcomeKind.NotExact:
                    return new ErrorRecord(new ArgumentException(text), "Ws1.UserNameWildcard", ErrorCategory.InvalidArgument, reference.UserName);
                default:
                    return outcome.Error != null
                        ? Ws1Cmdlet.ErrorFrom(outcome.Error, reference.UserName ?? (object?)reference.Id ?? reference.Target)
                        : new ErrorRecord(new InvalidOperationException(text), "Ws1.Unknown", ErrorCategory.NotSpecified, reference.Target);
            }
        }
    }
}
