using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using WorkspaceOneUem.Client;
using Xunit;

namespace WorkspaceOneUem.Tests
{
    public sealed class ConnectionTests : IAsyncLifetime
    {
        private TestSimulator _sim;

        public async Task InitializeAsync() => _sim = await TestSimulator.StartAsync(users: 50);

        public async Task DisposeAsync() => await _sim.DisposeAsync();

        [Fact]
        public async Task Connect_reads_server_info()
        {
            using Ws1Session session = await _sim.ConnectAsync();
            Assert.False(string.IsNullOrEmpty(session.ServerInfo.ProductVersion));
            Assert.Equal("sim", session.AccountName);
        }

        [Theory]
        [InlineData("apiadmin", "wrong-password", null, Ws1ErrorKind.InvalidCredentials, "password is wrong")]
        [InlineData("nobody", "Sim-Admin-Pass-1", null, Ws1ErrorKind.InvalidCredentials, "password is wrong")]
        [InlineData("apiadmin", "Sim-Admin-Pass-1", "WRONGKEY", Ws1ErrorKind.InvalidApiKey, "aw-tenant-code")]
        [InlineData("noapi", "Sim-NoApi-Pass-1", null, Ws1ErrorKind.NoApiAccess, "Basic (local) admin")]
        [InlineData("directoryadmin", "Sim-Dir-Pass-1", null, Ws1ErrorKind.NoApiAccess, "Basic (local) admin")]
        public async Task Each_401_variant_has_its_own_message(string user, string password, string key, Ws1ErrorKind kind, string advice)
        {
            var ex = await Assert.ThrowsAsync<Ws1ApiException>(() => _sim.ConnectAsync(settings: _sim.BasicSettings(user, password, key)));
            Assert.Equal(kind, ex.Kind);
            Assert.Equal(401, ex.StatusCode);
            Assert.Equal(1005, ex.ErrorCode);
            Assert.Contains(advice, ex.Message);
            Assert.DoesNotContain(password, ex.Message);
            Assert.DoesNotContain(_sim.TenantCode, ex.Message);
        }

        [Fact]
        public async Task Http_is_refused_for_hosts_that_are_not_loopback()
        {
            var ex = Assert.Throws<System.ArgumentException>(() => Ws1ServerAddress.Parse("http://as1234.awmdm.com"));
            Assert.Contains("https", ex.Message);
            Assert.Equal("https://as1234.awmdm.com/API/", Ws1ServerAddress.Parse("as1234.awmdm.com").ToString());
            Assert.Equal("https://as1234.awmdm.com/API/", Ws1ServerAddress.Parse("https://as1234.awmdm.com/API").ToString());
            Assert.Equal("https://as1234.awmdm.com/api/", Ws1ServerAddress.Parse("https://as1234.awmdm.com/api/").ToString());
            Assert.Equal("http://127.0.0.1:5000/API/", Ws1ServerAddress.Parse("http://127.0.0.1:5000").ToString());
            await Task.CompletedTask;
        }

        [Fact]
        public async Task Requests_carry_version_header_and_masked_secrets_in_journal()
        {
            await _sim.ClearJournalAsync();
            using Ws1Session session = await _sim.ConnectAsync();
            var entry = (await _sim.JournalAsync()).Single();
            Assert.Contains("version=1", (string)entry["Headers"]["Accept"]);
            Assert.Equal("GET", (string)entry["Method"]);
        }
    }
}
