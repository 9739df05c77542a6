using System;
using System.Collections;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Reflection;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;
using WorkspaceOneUem.Client;
using WorkspaceOneUem.Client.Dtos;
using WorkspaceOneUem.Client.Http;
using WorkspaceOneUem.Client.Json;
using WorkspaceOneUem.Resilience;
using Xunit;

namespace WorkspaceOneUem.Tests
{
    /// <summary>
    /// The fast reader for pages of users and devices (Utf8Pages) must give exactly what the serializer's path gives,
    /// and must hand every answer it is not sure of to that path instead of reading it its own way.
    /// </summary>
    public sealed class PlainPageReaderTests
    {
        private const string Users = @"{""Users"":[
 {""Id"":{""Value"":1},""Uuid"":""u-1"",""UserName"":""ann"",""FirstName"":""Ann"",""LastName"":""L\u00e9vy"",""DisplayName"":""Ann \""A\"" L\u00e9vy"",""Email"":""ann@x.example"",""Status"":true,""SecurityType"":2,""Group"":""Sales"",""LocationGroupId"":""573"",""OrganizationGroupUuid"":""og-1"",""Role"":""Full Access"",""EnrolledDevicesCount"":""2"",""ExternalId"":"""",""CustomAttribute1"":""a1"",""MessageType"":0,""Nested"":{""A"":[1,2,{""B"":null}]}},
 {""UserName"":""bob"",""Id"":2,""Status"":false,""LocationGroupId"":574,""EnrolledDevicesCount"":0,""Email"":null,""FirstName"":""日本"",""ContactNumber"":""+1 555"",""MobileNumber"":""+1 556"",""CustomAttribute5"":""z""},
 {""id"":{""value"":""3""},""username"":""carol"",""STATUS"":true,""Securitytype"":1,""User\u004eame"":""carol2"",""LocationGroupId"":"" 12 ""},
 {""Id"":{""Value"":4,""Other"":""x""},""UserName"":""dan"",""LocationGroupId"":null,""Role"":null}
],""Page"":0,""PageSize"":500,""Total"":4,""Extra"":[{""X"":1}]}";

        private const string Devices = @"{""Devices"":[
 {""Id"":{""Value"":10},""Uuid"":""d-10"",""Udid"":""U10"",""SerialNumber"":""S10"",""DeviceFriendlyName"":""Ann's iPhone"",""LocationGroupId"":{""Id"":{""Value"":573},""Uuid"":""og-1"",""Name"":""Sales""},""UserId"":{""Id"":{""Value"":1},""Uuid"":""u-1"",""Name"":""ann""},""UserName"":""ann"",""UserEmailAddress"":""ann@x.example"",""Ownership"":""E"",""Platform"":""Apple"",""Model"":""iPhone"",""OperatingSystem"":""17.1"",""LastSeen"":""2024-03-15T08:08:09.460"",""EnrollmentStatus"":""Enrolled"",""ComplianceStatus"":""Compliant"",""PlatformId"":{""Id"":{""Value"":2},""Name"":""Apple""}},
 {""Id"":11,""LocationGroupId"":574,""UserId"":""2"",""LastSeen"":""2024-03-15T08:08:09Z"",""Ownership"":""C""},
 {""Id"":{""Value"":12},""LocationGroupId"":null,""UserId"":{""Id"":null,""Name"":""carol""},""LastSeen"":"""",""userName"":""carol""},
 {""Id"":{""Value"":13},""LastSeen"":""not a date"",""UserId"":{""id"":{""value"":3},""name"":""dan"",""Extra"":[1]}}
],""Page"":1,""PageSize"":500,""Total"":1004}";

        [Fact]
        public void User_pages_read_as_the_serializer_reads_them()
        {
            UserSearchPage slow = ReadBySerializer<UserSearchPage>(Users);
            UserSearchPage fast = Utf8Pages.Users(Bytes(Users));
            Assert.Equal(4, fast.Items.Count);
            Assert.Equal(Describe(slow), Describe(fast));
            Assert.Equal("carol2", fast.Items[2].UserName); // the last of two same-named properties wins
            Assert.Equal(12, fast.Items[2].LocationGroupId);
        }

        [Fact]
        public void Device_pages_read_as_the_serializer_reads_them()
        {
            DeviceSearchPage slow = ReadBySerializer<DeviceSearchPage>(Devices);
            DeviceSearchPage fast = Utf8Pages.Devices(Bytes(Devices));
            Assert.Equal(4, fast.Items.Count);
            Assert.Equal(Describe(slow), Describe(fast));
            Assert.Equal("Sales", fast.Items[0].LocationGroup.Name);
            Assert.Equal(2, fast.Items[1].User.Id);
            Assert.Null(fast.Items[3].LastSeen);
        }

        [Theory]
        [InlineData(@"{""Users"":[{""Id"":1,""UserName"":12}]}")] // a number where text belongs: the converter turns it into text
        [InlineData(@"{""Users"":[{""Id"":1,""Status"":""true""}]}")]
        [InlineData(@"{""Users"":[{""Id"":1,""Status"":1}]}")]
        [InlineData(@"{""Users"":[{""Id"":1,""SecurityType"":""1""}]}")]
        [InlineData(@"{""Users"":[{""Id"":1,""SecurityType"":1.0}]}")]
        [InlineData(@"{""Users"":[{""Id"":1,""LocationGroupId"":""x""}]}")]
        [InlineData(@"{""Users"":[{""Id"":1e3}]}")]
        [InlineData(@"{""Users"":[{""Id"":123456789012345678901234567890}]}")]
        [InlineData(@"{""Users"":[null]}")]
        [InlineData(@"{""Users"":[{""UserName"":""no id""}]}")]
        [InlineData(@"{""Users"":[{""Id"":{""Value"":0}}]}")]
        [InlineData(@"{""Users"":[{""Id"":{""Value"":5,""Value"":null}}]}")] // the converter reads the last Value: none
        [InlineData(@"{""Users"":[{""Id"":1,""UserName"":/* a comment */""ann""}]}")] // the converter refuses a comment there
        [InlineData(@"{""Users"":[{""Id"":1} /* a comment */]}")]
        [InlineData(@"{""Users"":[7]}")]
        [InlineData(@"{""users"":[{""Id"":1}]}")]
        [InlineData(@"{""Users"":[{""Id"":1}],""Users"":[{""Id"":2}]}")]
        [InlineData(@"{""Users"":[{""Id"":1}],""Page"":""0""}")]
        [InlineData(@"{""Users"":{""Id"":1}}")]
        [InlineData(@"{""Page"":0}")]
        [InlineData(@"[{""Id"":1}]")]
        [InlineData(@"null")]
        [InlineData(@"<html>busy</html>")]
        [InlineData(@"{""Users"":[{""Id"":1}]} trailing")]
        [InlineData(@"{""Users"":[{""Id"":1,}]}")]
        [InlineData(@"{""Users"":[{""Id"":1}")]
        [InlineData(@"{'Users':[{'Id':1}]}")]
        [InlineData("\uFEFF{\"Users\":[{\"Id\":1}]}")]
        [InlineData(@"{""Users"":[{""Id"":1,""UserName"":""\ud800""}]}")]
        public void Anything_but_a_plain_page_goes_to_the_serializer(string json)
        {
            Assert.Throws<Utf8Pages.NotPlainException>(() => Utf8Pages.Users(Bytes(json)));
        }

        [Theory]
        [InlineData(@"{""Devices"":[{""Id"":1,""LastSeen"":5}]}")]
        [InlineData(@"{""Devices"":[{""Id"":1,""UserId"":true}]}")]
        [InlineData(@"{""Devices"":[{""Id"":1,""LocationGroupId"":{""Id"":1,""Name"":7}}]}")]
        [InlineData(@"{""Devices"":[{""Id"":1,""Platform"":false}]}")]
        [InlineData(@"{""Devices"":[{""Id"":1,""UserId"":[1]}]}")]
        public void Devices_of_another_shape_go_to_the_serializer(string json)
        {
            Assert.Throws<Utf8Pages.NotPlainException>(() => Utf8Pages.Devices(Bytes(json)));
        }

        [Fact]
        public void Invalid_UTF8_goes_to_the_serializer()
        {
            byte[] json = Encoding.UTF8.GetBytes(@"{""Users"":[{""Id"":1,""UserName"":""ab""}]}");
            int at = Array.LastIndexOf(json, (byte)'a'); // in the value "ab"
            json[at] = 0xC3; // starts a two-byte sequence that 'b' does not continue
            Assert.Throws<Utf8Pages.NotPlainException>(() => Utf8Pages.Users(new ArraySegment<byte>(json)));
        }

        /// <summary>The pages the simulator writes are plain: the listings go the fast way, and read the same.</summary>
        [Fact]
        public async Task The_simulators_pages_are_read_the_fast_way_and_the_same()
        {
            await using TestSimulator sim = await TestSimulator.StartAsync(users: 300, seed: 3);
            using var http = new HttpClient();
            http.DefaultRequestHeaders.Add("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(TestSimulator.AdminUser + ":" + TestSimulator.AdminPassword)));
            http.DefaultRequestHeaders.Add("aw-tenant-code", sim.TenantCode);
            http.DefaultRequestHeaders.Add("Accept", "application/json;version=1");
            string users = await http.GetStringAsync(sim.Url + "/API/system/users/search?page=0&pagesize=500");
            string devices = await http.GetStringAsync(sim.Url + "/API/mdm/devices/search?page=0&pagesize=500");

            UserSearchPage fastUsers = Utf8Pages.Users(Bytes(users));
            Assert.Equal(300, fastUsers.Items.Count);
            Assert.Equal(Describe(ReadBySerializer<UserSearchPage>(users)), Describe(fastUsers));
            DeviceSearchPage fastDevices = Utf8Pages.Devices(Bytes(devices));
            Assert.NotEmpty(fastDevices.Items);
            Assert.Contains(fastDevices.Items, d => d.LastSeen != null && d.LocationGroup?.Uuid != null && d.User?.Id > 0);
            Assert.Equal(Describe(ReadBySerializer<DeviceSearchPage>(devices)), Describe(fastDevices));
        }

        /// <summary>
        /// Over HTTP, through a session's listing: a plain page is taken by the fast reader; a page with a quirk the
        /// converters accept (a security type as text) is handed back and read by the serializer's path, with the
        /// same result as before; a page the API never sends (a record without an id) ends in the serializer's error.
        /// </summary>
        [Fact]
        public async Task A_listing_reads_plain_pages_the_fast_way_and_hands_the_others_to_the_serializer()
        {
            const string quirky = @"{""Users"":[{""Id"":{""Value"":501},""UserName"":""u501"",""Status"":true,""SecurityType"":""1""}],""Page"":1,""PageSize"":500,""Total"":501}";
            using var server = new HostileServer(r =>
                !r.Contains("users/search") ? null
                : r.Contains("page=0&") ? HostileAnswer.Users(1, 500, total: 501)
                : HostileAnswer.Json(quirky));
            using Ws1Session session = await OpenAsync(server);

            var users = new System.Collections.Generic.List<Ws1User>();
            await foreach (Ws1User user in session.Users.SearchAsync(null, CancellationToken.None))
                users.Add(user);

            Assert.Equal(Enumerable.Range(1, 501).Select(i => (long)i), users.Select(u => u.Id));
            Assert.Equal(Ws1SecurityType.Directory, users[500].SecurityType);
            Assert.Equal((1, 1), session.Transport.PageReadings);

            using var idless = new HostileServer(r =>
                r.Contains("users/search") ? HostileAnswer.Json(@"{""Users"":[{""UserName"":""no id""}],""Page"":0,""PageSize"":500,""Total"":1}") : null);
            using Ws1Session broken = await OpenAsync(idless);
            Ws1ApiException wrong = await Assert.ThrowsAsync<Ws1ApiException>(async () =>
            {
                await foreach (Ws1User _ in broken.Users.SearchAsync(null, CancellationToken.None))
                {
                }
            });
            Assert.Equal(Ws1ErrorKind.UnexpectedShape, wrong.Kind);
            Assert.Contains("a record without an id at position 1", wrong.Message);
            Assert.Equal((0, 1), broken.Transport.PageReadings);
        }

        /// <summary>
        /// An id past 64 bits is handed back by the fast reader; the serializer's path must call it the wrong shape,
        /// naming the number, not fail to cast it and report an answer it could not read as HTTP.
        /// </summary>
        [Fact]
        public async Task An_id_too_large_for_64_bits_is_the_wrong_shape()
        {
            using var server = new HostileServer(r => r.Contains("users/search")
                ? HostileAnswer.Json(@"{""Users"":[{""Id"":{""Value"":123456789012345678901234567890},""UserName"":""big""}],""Page"":0,""PageSize"":500,""Total"":1}")
                : null);
            using Ws1Session session = await OpenAsync(server);

            Ws1ApiException wrong = await Assert.ThrowsAsync<Ws1ApiException>(async () =>
            {
                await foreach (Ws1User _ in session.Users.SearchAsync(null, CancellationToken.None))
                {
                }
            });

            Assert.Equal(Ws1ErrorKind.UnexpectedShape, wrong.Kind);
            Assert.Contains("too large for an id", wrong.Message);
        }

        private static Task<Ws1Session> OpenAsync(HostileServer server) =>
            Ws1Session.OpenAsync("Plain", new Ws1ConnectionSettings
            {
                ApiBaseUri = Ws1ServerAddress.Parse(server.Url),
                AuthType = Ws1AuthType.Basic,
                UserName = TestSimulator.AdminUser,
                Password = TestSimulator.Secure(TestSimulator.AdminPassword),
                ApiKey = TestSimulator.Secure("PLAIN-TENANT-CODE-1"),
                MaxRetryCount = 0,
            }, Ws1Resilience.Policy, CancellationToken.None);

        private static ArraySegment<byte> Bytes(string json) => new ArraySegment<byte>(Encoding.UTF8.GetBytes(json));

        private static TPage ReadBySerializer<TPage>(string json) where TPage : class
        {
            using var reader = new JsonTextReader(new StringReader(json)) { DateParseHandling = DateParseHandling.None };
            reader.Read();
            return SearchAnswer<TPage>.Read(reader);
        }

        /// <summary>Every property of a page, its records and their references, as text, for comparing two readings.</summary>
        private static string Describe(object value)
        {
            if (value == null)
                return "null";
            if (value is string || value.GetType().IsValueType)
                return Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) + (value is DateTime d ? "/" + d.Kind : "");
            if (value is IEnumerable items)
                return "[" + string.Join(",", items.Cast<object>().Select(Describe)) + "]";
            return "{" + string.Join(",", value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.GetIndexParameters().Length == 0)
                .Select(p => p.Name + "=" + Describe(p.GetValue(value)))) + "}";
        }
    }
}
