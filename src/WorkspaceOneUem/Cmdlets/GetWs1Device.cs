using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using WorkspaceOneUem.Client;
using WorkspaceOneUem.Client.Resolution;
using WorkspaceOneUem.Infrastructure;

namespace WorkspaceOneUem.Cmdlets
{
    /// <summary>
    /// Get-Ws1Device: lists devices, every page, streaming; by user name (exact, or wildcards), id, serial
    /// number, the devices of smart groups (-SmartGroupId, or groups piped from Get-Ws1SmartGroup), or the devices of piped users
    /// (each from the user's own account). User name, platform and enrollment status are matched here,
    /// because the API matches partially ('ann' finds 'joann', 'Apple' may find 'AppleOsX').
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "Ws1Device", DefaultParameterSetName = FilterSet, HelpUri = HelpLinks.Base + "Get-Ws1Device.md")]
    [OutputType(typeof(Ws1Device))]
    public sealed class GetWs1Device : Ws1Cmdlet
    {
        private const string FilterSet = "Filter";
        private const string IdSet = "Id";
        private const string SerialSet = "SerialNumber";
        private const string InputObjectSet = "InputObject";
        private const string SmartGroupSet = "SmartGroup";

        private NameFilterSet? _names;
        private NameFilterSet? _platforms;
        private NameFilterSet? _statuses;

        [Parameter(Position = 0, ParameterSetName = FilterSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? UserName { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = IdSet)]
        [ValidateRange(1, long.MaxValue)]
        public long[]? Id { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = SerialSet)]
        [ValidateNotNullOrEmpty]
        public string[]? SerialNumber { get; set; }

        /// <summary>The devices of these smart groups (see Get-Ws1SmartGroup).</summary>
        [Parameter(Mandatory = true, ParameterSetName = SmartGroupSet)]
        [ValidateRange(1, long.MaxValue)]
        public long[]? SmartGroupId { get; set; }

        /// <summary>
        /// Users from Get-Ws1User (their devices, each from the user's own account), user names, ids, or objects with
        /// Id/UserName/AccountName; or smart groups from Get-Ws1SmartGroup (their devices).
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
        [ValidateNotNull]
        public PSObject[]? InputObject { get; set; }

        [Parameter(ParameterSetName = FilterSet)]
        [Parameter(ParameterSetName = InputObjectSet)]
        [Parameter(ParameterSetName = SmartGroupSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(DevicePlatformCompleter))]
        public string[]? Platform { get; set; }

        [Parameter(ParameterSetName = FilterSet)]
        [Parameter(ParameterSetName = InputObjectSet)]
        [Parameter(ParameterSetName = SmartGroupSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(EnrollmentStatusCompleter))]
        public string[]? EnrollmentStatus { get; set; }

        /// <summary>How the devices of piped users are found: Auto picks the plan that needs fewer requests.</summary>
        [Parameter(ParameterSetName = InputObjectSet)]
        public DeviceLookupPlan DeviceLookup { get; set; } = DeviceLookupPlan.Auto;

        private UserReferences? _users;

        [Parameter(ParameterSetName = FilterSet)]
        [ValidateRange(1, long.MaxValue)]
        [ArgumentCompleter(typeof(OrganizationGroupCompleter))]
        public long? OrganizationGroupId { get; set; }

        [Parameter(ParameterSetName = FilterSet)]
        [Parameter(ParameterSetName = IdSet)]
        [Parameter(ParameterSetName = SerialSet)]
        [Parameter(ParameterSetName = SmartGroupSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AccountNameCompleter))]
        public string[]? AccountName { get; set; }


        private readonly HashSet<string> _smartGroupDevices = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        protected override void BeginProcessing()
        {
            _names = WildcardFilters(nameof(UserName), UserName);
            _platforms = WildcardFilters(nameof(Platform), Platform);
            _statuses = WildcardFilters(nameof(EnrollmentStatus), EnrollmentStatus);
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == InputObjectSet)
            {
                _users = _users ?? NewUserReferences(null, DeviceLookup);
                foreach (PSObject item in InputObject!) // mandatory in this parameter set
                {
                    if (item.BaseObject is Ws1SmartGroup group)
                    {
                        Ws1Session? own = SessionOfObject(group.AccountName, group);
                        if (own != null)
                            WriteSmartGroup(own, group);
                        continue;
                    }
                    _users.AddPiped(item);
                }
                return;
            }
            foreach (Ws1Session session in ResolveSessions(AccountName))
            {
                switch (ParameterSetName)
                {
                    case IdSet:
                        foreach (long id in Id!) // mandatory in this parameter set
                            WriteOne(id, ct => session.Devices.GetAsync(id, ct));
                        break;
                    case SmartGroupSet:
                        WriteSmartGroups(session);
                        break;
                    case SerialSet:
                        foreach (string serial in SerialNumber!) // mandatory in this parameter set
                            WriteOne(serial, ct => session.Devices.GetBySerialNumberAsync(serial, ct));
                        break;
                    default:
                        WriteSearch(session);
                        break;
                }
            }
        }

        private void WriteOne(object target, Func<CancellationToken, Task<Ws1Device>> get)
        {
            try
            {
                WriteObject(Await(get));
            }
            catch (Ws1ApiException ex)
            {
                WriteError(ErrorFrom(ex, target));
            }
        }

        private void WriteSmartGroups(Ws1Session session)
        {
            List<Ws1SmartGroup> groups;
            try
            {
                groups = GroupListing.WithIds(this, session, SmartGroupId!, session.SmartGroups.SearchAsync(null, CancelToken), g => g.Id, // mandatory in this parameter set
                    "smart group", "Ws1.SmartGroupNotFound", "Get-Ws1SmartGroup").ToList();
            }
            catch (Ws1ApiException ex)
            {
                WriteError(ErrorFrom(ex, session.AccountName));
                return;
            }
            foreach (Ws1SmartGroup group in groups)
                WriteSmartGroup(session, group);
        }

        /// <summary>
        /// A smart group's devices, read whichever way costs fewer requests (the client's choice goes to verbose); a
        /// device in several of the groups asked for is written once.
        /// </summary>
        private void WriteSmartGroup(Ws1Session session, Ws1SmartGroup group)
        {
            try
            {
                foreach (Ws1Device device in Stream(session.SmartGroups.GetDevicesAsync(group, CancelToken)))
                {
                    if (Wanted(device) && _smartGroupDevices.Add(session.AccountName + "\n" + device.Id))
                        WriteObject(device);
                }
            }
            catch (Ws1ApiException ex)
            {
                WriteError(ex.Kind == Ws1ErrorKind.NotFound
                    ? new ErrorRecord(new ItemNotFoundException(ex.Message, ex), "Ws1.SmartGroupNotFound", ErrorCategory.ObjectNotFound, group)
                    : ErrorFrom(ex, group));
            }
        }

        private void WriteSearch(Ws1Session session)
        {
            // One plain platform name narrows the search on the server; the match itself is still checked here.
            string? platform = _platforms != null && _platforms.Filters.Count == 1 && !_platforms.Filters[0].IsWildcard ? Platform![0] : null; // _platforms is made from -Platform
            IEnumerable<NameFilter?> searches = (IEnumerable<NameFilter?>?)_names?.Filters ?? new NameFilter?[] { null };
            var seen = _names != null && _names.Filters.Count > 1 ? new HashSet<long>() : null;
            try
            {
                foreach (NameFilter? name in searches)
                {
                    var search = new DeviceSearch { UserName = name?.ServerFilter, Platform = platform, OrganizationGroupId = OrganizationGroupId };
                    foreach (Ws1Device device in Stream(session.Devices.SearchAsync(search, CancelToken)))
                    {
                        if ((name == null || name.Matches(device.UserName)) && Wanted(device) && (seen == null || seen.Add(device.Id)))
                            WriteObject(device);
                    }
                }
            }
            catch (Ws1ApiException ex)
            {
                WriteError(ErrorFrom(ex, session.AccountName));
            }
        }

        protected override void EndProcessing()
        {
            if (_users != null)
            {
                // Found outcomes of a resolver that looks devices up carry the user's devices.
                foreach (Ws1Device device in _users.Rest().SelectMany(u => u.Devices!))
                {
                    if (Wanted(device))
                        WriteObject(device);
                }
            }
            base.EndProcessing();
        }

        private bool Wanted(Ws1Device device) =>
            NameFilterSet.Matches(_platforms, device.Platform) && NameFilterSet.Matches(_statuses, device.EnrollmentStatus);
    }
}
