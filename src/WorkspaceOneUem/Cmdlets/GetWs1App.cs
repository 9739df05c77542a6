using System.Collections.Generic;
using System.Management.Automation;
using WorkspaceOneUem.Client;
using WorkspaceOneUem.Infrastructure;

namespace WorkspaceOneUem.Cmdlets
{
    /// <summary>
    /// Get-Ws1App: the tenant's app catalogue (name and bundle id exact or with wildcards, platform, app type),
    /// or the apps on devices piped in or named by -DeviceId.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "Ws1App", DefaultParameterSetName = CatalogueSet, HelpUri = HelpLinks.Base + "Get-Ws1App.md")]
    [OutputType(typeof(Ws1App), ParameterSetName = new[] { CatalogueSet })]
    [OutputType(typeof(Ws1DeviceApp), ParameterSetName = new[] { DeviceSet, DeviceIdSet })]
    public sealed class GetWs1App : Ws1Cmdlet
    {
        private const string CatalogueSet = "Catalogue";
        private const string DeviceSet = "Device";
        private const string DeviceIdSet = "DeviceId";


        [Parameter(Position = 0, ParameterSetName = CatalogueSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        [Parameter(ParameterSetName = CatalogueSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? BundleId { get; set; }

        /// <summary>Apple, Android, AppleOsX, WinRT, ...</summary>
        [Parameter(ParameterSetName = CatalogueSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(DevicePlatformCompleter))]
        public string? Platform { get; set; }

        [Parameter(ParameterSetName = CatalogueSet)]
        [ValidateSet("Public", "Internal", "Purchased", IgnoreCase = true)]
        public string? AppType { get; set; }

        /// <summary>Devices from Get-Ws1Device: the apps on each, from the device's own account.</summary>
        [Parameter(Mandatory = true, ParameterSetName = DeviceSet, ValueFromPipeline = true)]
        [ValidateNotNull]
        public Ws1Device[]? Device { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = DeviceIdSet)]
        [ValidateRange(1, long.MaxValue)]
        public long[]? DeviceId { get; set; }

        [Parameter(ParameterSetName = CatalogueSet)]
        [Parameter(ParameterSetName = DeviceIdSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AccountNameCompleter))]
        public string[]? AccountName { get; set; }


        private NameFilterSet? _names;
        private NameFilterSet? _bundles;

        protected override void BeginProcessing()
        {
            _names = WildcardFilters(nameof(Name), Name);
            _bundles = WildcardFilters(nameof(BundleId), BundleId);
            RefuseTooLong(nameof(Platform), Platform);
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == DeviceSet)
            {
                foreach (Ws1Device device in Device!) // mandatory in this parameter set
                {
                    Ws1Session? own = SessionOfObject(device.AccountName, device);
                    if (own != null)
                        WriteDeviceApps(own, device.Id);
                }
                return;
            }
            foreach (Ws1Session session in ResolveSessions(AccountName))
            {
                if (ParameterSetName == DeviceIdSet)
                {
                    foreach (long id in DeviceId!) // mandatory in this parameter set
                        WriteDeviceApps(session, id);
                }
                else
                {
                    WriteCatalogue(session);
                }
            }
        }

        private void WriteDeviceApps(Ws1Session session, long deviceId)
        {
            try
            {
                foreach (Ws1DeviceApp app in Stream(session.Apps.OnDeviceAsync(deviceId, CancelToken)))
                    WriteObject(app);
            }
            catch (Ws1ApiException ex)
            {
                WriteError(ErrorFrom(ex, deviceId));
            }
        }

        private void WriteCatalogue(Ws1Session session)
        {
            // A single name or bundle id narrows the search on the server; the match itself is checked here.
            var search = new AppSearch
            {
                Name = Single(_names),
                BundleId = Single(_bundles),
                Platform = Platform,
                ApplicationType = AppType == null || string.Equals(AppType, "Purchased", System.StringComparison.OrdinalIgnoreCase) ? null : AppType,
            };
            try
            {
                foreach (Ws1App app in Stream(session.Apps.SearchAsync(search, CancelToken)))
                {
                    if (NameFilterSet.Matches(_names, app.Name) && NameFilterSet.Matches(_bundles, app.BundleId)
                        && (Platform == null || string.Equals(app.Platform, Platform, System.StringComparison.OrdinalIgnoreCase))
                        && (AppType == null || string.Equals(app.AppType, AppType, System.StringComparison.OrdinalIgnoreCase)))
                        WriteObject(app);
                }
            }
            catch (Ws1ApiException ex)
            {
                WriteError(ErrorFrom(ex, session.AccountName));
            }
        }

        private static string? Single(NameFilterSet? set)
        {
            IReadOnlyList<NameFilter>? filters = set?.Filters;
            return filters != null && filters.Count == 1 ? filters[0].ServerFilter : null;
        }
    }
}
