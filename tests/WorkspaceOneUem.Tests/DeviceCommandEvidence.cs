using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net.Http;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;

namespace WorkspaceOneUem.Tests
{
    /// <summary>
    /// What the device action tests take as evidence: the command calls in the simulator's journal, the device ids
    /// each named, and the simulator's own device state; plus the small helpers their scripts need.
    /// </summary>
    internal static class DeviceCommandEvidence
    {
        public static async Task<List<JObject>> CommandCallsAsync(TestSimulator sim) =>
            (await sim.JournalAsync()).Where(e => (string)e["Method"] == "POST" && ((string)e["Path"]).IndexOf("/commands", StringComparison.OrdinalIgnoreCase) >= 0).ToList();

        public static bool IsBulk(JObject call) => ((string)call["Path"]).EndsWith("/commands/bulk", StringComparison.OrdinalIgnoreCase);

        /// <summary>The device ids a command call named: in its path (one device) or in its bulk body.</summary>
        public static IEnumerable<long> SentIds(JObject call)
        {
            if (IsBulk(call))
                return JObject.Parse((string)call["Body"])["BulkValues"]["Value"].Select(v => long.Parse((string)v));
            string[] parts = ((string)call["Path"]).Split('/');
            return long.TryParse(parts[parts.Length - 2], out long id) ? new[] { id } : Array.Empty<long>();
        }

        /// <summary>The one call that named the device.</summary>
        public static JObject CallFor(IEnumerable<JObject> calls, long deviceId) => calls.Single(c => SentIds(c).Contains(deviceId));

        /// <summary>The simulator's internal state of a device: LockCount, EnrollmentStatus, Wipes, RequiresUnlockPin.</summary>
        public static async Task<JObject> SimDeviceAsync(TestSimulator sim, long id) => (JObject)await sim.ControlAsync(HttpMethod.Get, $"devices/{id}");

        /// <summary>Every device of the tenant, by user name (any case).</summary>
        public static Dictionary<string, List<WorkspaceOneUem.Ws1Device>> DevicesByUser(Client.Ws1Session session) =>
            session.Devices.SearchAsync(null, System.Threading.CancellationToken.None).Sync().GroupBy(d => d.UserName, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.OrdinalIgnoreCase);

        public static object P(PSObject o, string name) => o.Properties[name].Value;

        public static Hashtable Args(params object[] pairs)
        {
            var table = new Hashtable();
            for (int i = 0; i < pairs.Length; i += 2)
                table[pairs[i]] = pairs[i + 1];
            return table;
        }
    }
}
