using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using WorkspaceOneUem.Client.Dtos;
using WorkspaceOneUem.Client.Http;

namespace WorkspaceOneUem.Client
{
    /// <summary>Server-side filters for an app search. The API matches names partially.</summary>
    public sealed class AppSearch
    {
        public string? Name { get; set; }
        public string? BundleId { get; set; }
        public string? Platform { get; set; }

        /// <summary>Internal or Public: the only values the v1 search filters on (purchased apps have their own search).</summary>
        public string? ApplicationType { get; set; }
    }

    /// <summary>Applications of the tenant and on devices (mam v1, mdm v1; docs/api-behaviour.md §5).</summary>
    public sealed class AppApi
    {
        private readonly Ws1Session _session;
        private readonly Ws1Transport _transport;

        internal AppApi(Ws1Session session, Ws1Transport transport)
        {
            _session = session;
            _transport = transport;
        }

        /// <summary>Every app matching the filters, page after page.</summary>
        public async IAsyncEnumerable<Ws1App> SearchAsync(AppSearch? filter, [EnumeratorCancellation] CancellationToken ct)
        {
            filter = filter ?? new AppSearch();
            Ws1Limits.Check("Name", filter.Name);
            Ws1Limits.Check("BundleId", filter.BundleId);
            Ws1Limits.Check("Platform", filter.Platform);
            var query = new QueryString()
                .Add("applicationname", filter.Name)
                .Add("bundleid", filter.BundleId)
                .Add("platform", filter.Platform)
                .Add("applicationtype", filter.ApplicationType);
            await foreach (AppDto dto in PagedSearch.ReadAsync<AppSearchPage, AppDto>(_transport, "mam/apps/search", query, Ws1Action.ReadApps,
                               $"search apps on {_session.AccountName}", a => a.Id, _session.PageConcurrency, ct).ConfigureAwait(false))
            {
                yield return dto.ToApp(_session.AccountName);
            }
        }

        /// <summary>The apps found on one device, page after page.</summary>
        public async IAsyncEnumerable<Ws1DeviceApp> OnDeviceAsync(long deviceId, [EnumeratorCancellation] CancellationToken ct)
        {
            string path = "mdm/devices/" + deviceId.ToString(CultureInfo.InvariantCulture) + "/apps";
            await foreach (DeviceAppDto dto in PagedSearch.ReadAsync<DeviceAppsPage, DeviceAppDto>(_transport, path, new QueryString(), Ws1Action.ReadDevices,
                               $"list the apps on device {deviceId} on {_session.AccountName}", a => a.Key, _session.PageConcurrency, ct).ConfigureAwait(false))
            {
                yield return dto.ToDeviceApp(_session.AccountName, deviceId);
            }
        }
    }
}
