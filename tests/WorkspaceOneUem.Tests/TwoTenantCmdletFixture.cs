using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using Xunit;

namespace WorkspaceOneUem.Tests
{
    /// <summary>
    /// A runspace connected to two simulated tenants whose seeded records share ids, so a change sent to the wrong
    /// tenant would hit a real record there: account A (full admin) and B on different simulators, and R, the
    /// simulator's read-only admin on A. A's searches answer in pages of 7, so listings take several pages.
    /// </summary>
    public abstract class TwoTenantCmdletFixture : IAsyncLifetime
    {
        private readonly int _users;

        protected TestSimulator _a;
        protected TestSimulator _b;
        protected ModuleRunspace _ps;

        protected TwoTenantCmdletFixture(int users)
        {
            _users = users;
        }

        public async Task InitializeAsync()
        {
            _a = await TestSimulator.StartAsync(users: _users, seed: 41, configure: o => o.PageCap = 7);
            _b = await TestSimulator.StartAsync(users: _users, seed: 42);
            _ps = new ModuleRunspace();
            _ps.Connect(_a, "R", user: TestSimulator.ReadOnlyUser, password: TestSimulator.ReadOnlyPassword);
            _ps.Connect(_b, "B");
            _ps.Connect(_a, "A");
        }

        public async Task DisposeAsync()
        {
            _ps.Dispose();
            await _a.DisposeAsync();
            await _b.DisposeAsync();
        }

        protected RunResult Run(string script)
        {
            RunResult r = _ps.Run(script);
            Assert.Null(r.Terminating);
            return r;
        }

        protected static async Task<List<JObject>> WritesAsync(TestSimulator sim) =>
            (await sim.JournalAsync()).Where(e => (string)e["Method"] != "GET").ToList();

        protected static string Id(ErrorRecord error) => error.FullyQualifiedErrorId.Split(',')[0];

        protected static object Prop(PSObject o, string name) => o.Properties[name].Value;

        protected async Task ClearJournalsAsync()
        {
            await _a.ClearJournalAsync();
            await _b.ClearJournalAsync();
        }
    }
}
