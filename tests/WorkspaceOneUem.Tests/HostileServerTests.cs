using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using WorkspaceOneUem.Client;
using WorkspaceOneUem.Resilience;
using Xunit;

namespace WorkspaceOneUem.Tests
{
    /// <summary>
    /// The cmdlets against a server that breaks every rule (<see cref="HostileServer"/>): each command ends, reads
    /// no more than its limits, reports a wrong answer as an error rather than as no data, and says what happened.
    /// </summary>
    public sealed class HostileServerTests
    {
        private const string Account = "Hostile";
        private const string ApiKey = "HOSTILE-TENANT-CODE-1";

        /// <summary>Generous: the commands here end within seconds; one that hangs fails instead of hanging the run.</summary>
        private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

        private static ModuleRunspace Connected(HostileServer server, string options = "-MaxRetryCount 0")
        {
            var ps = new ModuleRunspace();
            Assert.Empty(ps.TryConnect(server.Url, ApiKey, Account, options).AllErrors);
            return ps;
        }

        private static RunResult RunWithin(ModuleRunspace ps, string script)
        {
            Task<RunResult> run = Task.Run(() => ps.Run(script));
            Assert.True(run.Wait(Deadline), $"'{script}' did not end within {Deadline.TotalSeconds} s");
            return run.Result;
        }

        private static async Task<bool> Ends(Task task) => await Task.WhenAny(task, Task.Delay(Deadline)) == task;

        private static void AssertNoSecrets(RunResult result)
        {
            string text = result.AllText();
            Assert.DoesNotContain(TestSimulator.AdminPassword, text);
            Assert.DoesNotContain(ApiKey, text);
        }

        [Fact]
        public async Task A_listing_stopped_while_a_page_is_arriving_closes_that_connection_at_once()
        {
            // Page 0 is full and announces four pages; page 1 sends half of its body and holds the rest. When the caller
            // stops, the half-read answer must be cancelled on the wire and its connection closed, not drained for later
            // use: a read of it still pending could take a later call's answer (no answer until the timeout), or leave
            // the rest of the old one to be read as the later call's (a garbled status line).
            byte[] page1 = HostileAnswer.Users(501, 1000, total: 2000, page: 1).Body;
            int half = page1.Length / 2;
            var release = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            using var server = new HostileServer(r =>
                !r.Contains("users/search") ? null
                : r.Contains("page=0&") ? HostileAnswer.Users(1, 500, total: 2000)
                : r.Contains("page=1&") ? new HostileAnswer { Body = page1.Take(half).ToArray(), ContentLength = page1.Length, HoldBeforeRest = release.Task, Rest = page1.Skip(half).ToArray() }
                : HostileAnswer.Users(1001, 1500, total: 2000, page: 2));
            var settings = new Ws1ConnectionSettings
            {
                ApiBaseUri = Ws1ServerAddress.Parse(server.Url),
                AuthType = Ws1AuthType.Basic,
                UserName = TestSimulator.AdminUser,
                Password = TestSimulator.Secure(TestSimulator.AdminPassword),
                ApiKey = TestSimulator.Secure(ApiKey),
                MaxRetryCount = 0,
            };
            using Ws1Session session = await Ws1Session.OpenAsync(Account, settings, Ws1Resilience.Policy, CancellationToken.None);

            int taken = 0;
            await foreach (Ws1User _ in session.Users.SearchAsync(null, CancellationToken.None))
            {
                if (++taken < 500)
                    continue;
                Assert.True(await server.HoldStartedAsync(Deadline), "page 1 was never asked for");
                break; // the last user of page 0, with page 1 half sent
            }
            try
            {
                // At once: the HTTP stack would otherwise wait up to 2 s for the rest, to reuse the connection.
                Assert.True(await server.ClosedWhileHeldAsync(TimeSpan.FromSeconds(1)), "the half-read connection was kept open after the stop");
            }
            finally
            {
                release.TrySetResult(true);
            }
            Task<Ws1SystemInfo> info = session.GetSystemInfoAsync(CancellationToken.None);
            Assert.True(await Ends(info), "a call after the stop got no answer");
            Assert.Equal("Hostile", (await info).ProductName);
        }

        [Theory]
        [InlineData(500, "Ws1.ServerError")]
        [InlineData(401, "Ws1.Unauthorized")]
        public void A_stalled_error_body_ends_the_listing_with_the_status_error(int status, string errorId)
        {
            using var server = new HostileServer(r => r.Contains("users/search") ? HostileAnswer.Stalled(status) : null);
            using ModuleRunspace ps = Connected(server, "-MaxRetryCount 0 -RequestTimeout 2");

            RunResult result = RunWithin(ps, "Get-Ws1User");

            Assert.Empty(result.Output);
            Assert.Equal(errorId, result.Error.FullyQualifiedErrorId.Split(',')[0]);
        }

        [Fact]
        public void A_stalled_command_answer_ends_the_lock_as_outcome_unknown()
        {
            using var server = new HostileServer(r =>
                r.Contains("users/search") ? HostileAnswer.Users(1, 1, 1) :
                r.Contains("devices/search") ? HostileAnswer.Json(
                    "{\"Devices\":[{\"Id\":{\"Value\":7},\"SerialNumber\":\"S7\",\"UserName\":\"u1\",\"Platform\":\"Android\",\"Model\":\"Pixel\",\"EnrollmentStatus\":\"Enrolled\"," +
                    "\"LocationGroupId\":{\"Id\":{\"Value\":1},\"Uuid\":\"og-1\",\"Name\":\"OG\"},\"UserId\":{\"Id\":{\"Value\":1},\"Name\":\"u1\"}}],\"Page\":0,\"PageSize\":500,\"Total\":1}") :
                r.StartsWith("POST") && r.Contains("/commands") ? HostileAnswer.Stalled(202, sent: "{\"Accepted\"") : null);
            using ModuleRunspace ps = Connected(server, "-MaxRetryCount 0 -RequestTimeout 2");

            RunResult result = RunWithin(ps, "Lock-Ws1UserDevice -UserName u1 -Confirm:$false");

            Assert.Contains(result.AllErrors, e => e.FullyQualifiedErrorId.StartsWith("Ws1.OutcomeUnknown", StringComparison.Ordinal));
            Assert.Contains("stopped sending", result.AllText());
            Assert.Equal(1, server.CountOf("/commands"));
        }

        [Fact]
        public async Task Ctrl_C_during_a_stalled_error_body_ends_the_command()
        {
            using var server = new HostileServer(r => r.Contains("users/search") ? HostileAnswer.Stalled(500) : null);
            using ModuleRunspace ps = Connected(server, "-MaxRetryCount 0 -RequestTimeout 120");
            RunningScript running = ps.Begin("Get-Ws1User");
            Assert.True(await server.StallStartedAsync(Deadline), "the server never began to stall");

            Task stop = Task.Run(running.Stop);

            Assert.True(await Ends(stop), "Stop did not end the command");
        }

        [Fact]
        public void Connect_refuses_an_endless_answer_at_the_size_limit()
        {
            using var server = new HostileServer(r => r.Contains("system/info")
                ? HostileAnswer.Endless(200, "{\"ProductName\":\"", new string('a', 8192))
                : null);
            using var ps = new ModuleRunspace();

            RunResult result = ps.TryConnect(server.Url, ApiKey, Account, "-MaxResponseSize 1MB");

            Assert.Equal("Ws1.ResponseTooLarge", result.Error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(ErrorCategory.LimitsExceeded, result.Error.CategoryInfo.Category);
            Assert.Contains("larger than 1 MB (-MaxResponseSize)", result.Error.Exception.Message);
        }

        [Fact]
        public void An_endless_records_list_ends_at_the_size_limit()
        {
            using var server = new HostileServer(r => r.Contains("users/search")
                ? HostileAnswer.Endless(200, "{\"Users\":[", "{\"Id\":{\"Value\":1},\"UserName\":\"flood\"},")
                : null);
            using ModuleRunspace ps = Connected(server, "-MaxRetryCount 0 -MaxResponseSize 2MB");

            RunResult result = RunWithin(ps, "Get-Ws1User");

            Assert.Empty(result.Output);
            Assert.Equal("Ws1.ResponseTooLarge", result.Error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Contains("search users on Hostile", result.Error.Exception.Message);
        }

        [Theory]
        [InlineData(500)]
        [InlineData(202)]
        public void An_endless_error_body_or_command_answer_is_read_no_further_than_64_KB(int status)
        {
            using var server = new HostileServer(r =>
                r.Contains("users/search") ? HostileAnswer.Users(1, 1, 1) :
                r.StartsWith("POST") ? HostileAnswer.Endless(status, "{\"message\":\"", new string('x', 4096)) : null);
            using ModuleRunspace ps = Connected(server, "-MaxRetryCount 0 -RequestTimeout 100");

            RunResult result = RunWithin(ps, "Disable-Ws1User -UserName u1 -Confirm:$false");

            Assert.Contains(result.AllErrors, e => e.FullyQualifiedErrorId.StartsWith("Ws1.OutcomeUnknown", StringComparison.Ordinal));
            Assert.Contains(status == 500 ? "status 500" : "more than 64 KB", result.AllText());
        }

        [Theory]
        [InlineData("{\"Users\":null,\"Total\":5}", "has no 'Users' list")]
        [InlineData("null", "is null")]
        [InlineData("{\"Devices\":[],\"Total\":0}", "has no 'Users' list")]
        [InlineData("[]", "is a list instead of a page of users")]
        [InlineData("{\"Users\":[{\"UserName\":\"no-id\"}],\"Total\":1}", "without an id")]
        [InlineData("{\"Users\":[null],\"Total\":1}", "empty record")]
        [InlineData("{\"Users\":\"everyone\",\"Total\":1}", "does not have the shape")]
        [InlineData("{\"Users\":[{\"Id\":{\"Value\":1},\"Email\":{\"Address\":\"a@b\"}}],\"Total\":1}", "'Email' is an object where text belongs")]
        [InlineData("{\"Users\":[{\"Id\":{\"Value\":1},\"UserName\":[\"a\"]}],\"Total\":1}", "'UserName' is a list where text belongs")]
        [InlineData("{\"Users\":[{\"Id\":{\"Value\":1},\"Status\":\"yes\"}],\"Total\":1}", "'Status' is \"yes\" where true or false belongs")]
        [InlineData("{\"Users\":[{\"Id\":{\"Value\":1},\"SecurityType\":\"LDAP\"}],\"Total\":1}", "'SecurityType' is \"LDAP\" where a whole number belongs")]
        [InlineData("{\"Users\":[\"alice\"],\"Total\":1}", "A user record is a string instead of an object")]
        public void A_search_answer_without_its_records_is_an_error_not_an_empty_result(string body, string says)
        {
            using var server = new HostileServer(r => r.Contains("users/search") ? HostileAnswer.Json(body).With("X-Correlation-ID", "corr-shape-1") : null);
            using ModuleRunspace ps = Connected(server);

            RunResult result = RunWithin(ps, "Get-Ws1User");

            Assert.Empty(result.Output);
            Assert.Equal("Ws1.UnexpectedShape", result.Error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(ErrorCategory.InvalidResult, result.Error.CategoryInfo.Category);
            Assert.Contains(says, result.Error.Exception.Message);
            Assert.Contains("search users on Hostile, page 0", result.Error.Exception.Message);
            Assert.Contains("corr-shape-1", result.Error.Exception.Message);
        }

        [Fact]
        public void A_device_record_with_a_value_of_the_wrong_kind_is_an_answer_of_the_wrong_shape_naming_the_field()
        {
            const string body = "{\"Devices\":[{\"Id\":{\"Value\":5},\"SerialNumber\":{\"Value\":\"X\"}}],\"Page\":0,\"PageSize\":500,\"Total\":1}";
            using var server = new HostileServer(r => r.Contains("devices/search") ? HostileAnswer.Json(body) : null);
            using ModuleRunspace ps = Connected(server);

            RunResult result = RunWithin(ps, "Get-Ws1Device");

            Assert.Empty(result.Output);
            Assert.Equal("Ws1.UnexpectedShape", result.Error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Contains("'SerialNumber' is an object where text belongs", result.Error.Exception.Message);
        }

        [Fact]
        public void A_user_record_is_read_with_the_coercions_the_api_needs_and_unknown_fields_skipped()
        {
            const string body = "{\"Users\":[{\"id\":{\"Value\":\"7\",\"Extra\":[1]},\"USERNAME\":\"alice\",\"Email\":\"alice@example.test\","
                + "\"Status\":\"true\",\"SecurityType\":\"1\",\"LocationGroupId\":\"570\",\"EnrolledDevicesCount\":\"2\",\"ExternalId\":12345,"
                + "\"Nested\":{\"Deep\":[{\"x\":1}]},\"CustomAttribute1\":true,\"Group\":null}],\"Page\":0,\"PageSize\":500,\"Total\":1}";
            using var server = new HostileServer(r => r.Contains("users/search") ? HostileAnswer.Json(body) : null);
            using ModuleRunspace ps = Connected(server);

            RunResult result = RunWithin(ps, "Get-Ws1User | ForEach-Object { $_.Id; $_.UserName; \"$($_.Status)\"; \"$($_.SecurityType)\"; $_.OrganizationGroupId; $_.EnrolledDeviceCount; $_.ExternalId; $_.CustomAttribute1; $_.OrganizationGroupName -eq $null }");

            Assert.Empty(result.AllErrors);
            Assert.Equal(new object[] { 7L, "alice", "Active", "Directory", 570L, 2, "12345", "True", true }, result.Output.Select(o => o.BaseObject));
        }

        [Fact]
        public void Test_connection_does_not_call_a_read_without_records_working()
        {
            using var server = new HostileServer(r => r.Contains("users/search") ? HostileAnswer.Json("{\"Users\":null,\"Total\":5}") : null);
            using ModuleRunspace ps = Connected(server);

            RunResult result = RunWithin(ps,
                "$t = Test-Ws1UemConnection; $c = $t.Checks | Where-Object Name -eq 'Read users'; $t.CanReadUsers; \"$($c.Result)\"; $c.Message");

            Assert.Empty(result.AllErrors);
            Assert.Equal(new object[] { false, "Failed" }, result.Output.Take(2).Select(o => o.BaseObject));
            Assert.Contains("has no 'Users' list", (string)result.Output[2].BaseObject);
        }

        [Fact]
        public void An_export_of_users_without_records_writes_nothing()
        {
            using var server = new HostileServer(r => r.Contains("users/search") ? HostileAnswer.Json("{\"Users\":null,\"Total\":5}") : null);
            using ModuleRunspace ps = Connected(server);
            string folder = Directory.CreateTempSubdirectory("ws1-hostile-").FullName;
            try
            {
                RunResult result = RunWithin(ps, $"Export-Ws1Inventory -Path '{Path.Combine(folder, "snapshot.json")}' -Include Users");

                Assert.Equal("Ws1.UnexpectedShape", result.Error.FullyQualifiedErrorId.Split(',')[0]);
                Assert.Empty(Directory.GetFileSystemEntries(folder));
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        [Fact]
        public void A_server_that_ignores_the_page_ends_the_listing_with_each_user_once_and_a_warning()
        {
            using var server = new HostileServer(r => r.Contains("users/search") ? HostileAnswer.Users(1, 500, 2000) : null);
            using ModuleRunspace ps = Connected(server);

            RunResult result = RunWithin(ps, "Get-Ws1User");

            Assert.Equal(500, result.Output.Count);
            Assert.Equal(500, result.Output.Select(o => o.Properties["Id"].Value).Distinct().Count());
            string warning = Assert.Single(result.Warnings);
            Assert.Contains("repeated pages", warning);
            Assert.Contains("on Hostile", warning);
            Assert.Contains("500 users listed", warning);
            Assert.True(server.CountOf("users/search") <= 10, $"{server.CountOf("users/search")} pages asked for");
        }

        [Fact]
        public void A_user_repeated_two_pages_apart_is_exported_once()
        {
            using var server = new HostileServer(r =>
                !r.Contains("users/search") ? null :
                r.Contains("page=0&") ? HostileAnswer.Users(1, 500, 1100) :
                r.Contains("page=1&") ? HostileAnswer.Users(501, 1000, 1100, 1) :
                r.Contains("page=2&") ? HostileAnswer.Users(Enumerable.Range(1, 3).Concat(Enumerable.Range(1001, 100)), 1100, 2) :
                HostileAnswer.Json("{\"Users\":[],\"Total\":1100}"));
            using ModuleRunspace ps = Connected(server);
            string file = Path.Combine(Path.GetTempPath(), $"ws1-hostile-{Guid.NewGuid():N}.json");
            try
            {
                RunResult result = RunWithin(ps, $"Export-Ws1Inventory -Path '{file}' -Include Users -PassThru");

                Assert.Empty(result.AllErrors);
                Assert.Equal(1100, (int)Assert.Single(result.Output).Properties["Users"].Value);
            }
            finally
            {
                File.Delete(file);
            }
        }

        [Fact]
        public void A_total_far_above_the_records_costs_one_request()
        {
            using var server = new HostileServer(r => r.Contains("users/search") ? HostileAnswer.Users(1, 10, 2000000) : null);
            using ModuleRunspace ps = Connected(server);

            RunResult result = RunWithin(ps, "Get-Ws1User");

            Assert.Equal(10, result.Output.Count);
            Assert.Equal(1, server.CountOf("users/search"));
        }

        [Fact]
        public void A_retry_after_longer_than_MaxRetryWait_ends_at_once_saying_when_to_retry()
        {
            using var server = new HostileServer(r => r.Contains("users/search")
                ? HostileAnswer.Json("{\"message\":\"slow down\"}", 429).With("Retry-After", "86400")
                : null);
            using ModuleRunspace ps = Connected(server, "-MaxRetryCount 4");

            RunResult result = RunWithin(ps, "Get-Ws1User");

            Assert.Equal("Ws1.Throttled", result.Error.FullyQualifiedErrorId.Split(',')[0]);
            string message = result.Error.Exception.Message;
            Assert.Contains("asked to wait 24 h", message);
            Assert.Contains("-MaxRetryWait 60 s", message);
            Assert.Contains("Try again after " + DateTimeOffset.Now.AddDays(1).ToString("yyyy-MM-dd"), message);
            Assert.Equal(1, server.CountOf("users/search"));
        }

        [Fact]
        public async Task A_retry_wait_shows_in_verbose_when_it_starts()
        {
            int searches = 0;
            using var server = new HostileServer(r => !r.Contains("users/search") ? null
                : System.Threading.Interlocked.Increment(ref searches) == 1
                    ? HostileAnswer.Json("{\"message\":\"slow down\"}", 429).With("Retry-After", "3")
                    : HostileAnswer.Users(1, 3, 3));
            using ModuleRunspace ps = Connected(server, "-MaxRetryCount 2");
            using PowerShell listing = ps.Create("Get-Ws1User -Verbose");
            var sentWhenShown = new TaskCompletionSource<int>();
            listing.Streams.Verbose.DataAdded += (s, e) =>
            {
                if (((PSDataCollection<VerboseRecord>)s)[e.Index].Message.StartsWith("Retrying", StringComparison.Ordinal))
                    sentWhenShown.TrySetResult(server.CountOf("users/search"));
            };

            Task<System.Collections.ObjectModel.Collection<PSObject>> run = Task.Run(() => listing.Invoke());

            Assert.True(await Ends(sentWhenShown.Task), "no retry line was written");
            Assert.Equal(1, await sentWhenShown.Task); // shown while waiting: the retry was not sent yet
            Assert.True(await Ends(run), "the listing did not end");
            Assert.Equal(3, (await run).Count);
        }

        [Fact]
        public void A_redirect_says_where_to_and_is_not_followed()
        {
            int elsewhere = 0;
            using var server = new HostileServer(r =>
            {
                if (r.Contains("/login"))
                    System.Threading.Interlocked.Increment(ref elsewhere);
                return r.Contains("users/search") ? HostileAnswer.Json("", 302).With("Location", "/login/saml?returnUrl=%2Fapi") : null;
            });
            using ModuleRunspace ps = Connected(server);

            RunResult result = RunWithin(ps, "Get-Ws1User");

            Assert.Equal("Ws1.Redirected", result.Error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Contains($"a redirect (302) to {server.Url}/login/saml?returnUrl=%2Fapi", result.Error.Exception.Message);
            Assert.Equal(0, elsewhere);
            AssertNoSecrets(result);
        }

        [Theory]
        [InlineData(200, "application/xml")]
        [InlineData(200, "text/plain")]
        public void An_xml_answer_is_called_xml_not_an_html_page(int status, string contentType)
        {
            using var server = new HostileServer(r => r.Contains("users/search")
                ? new HostileAnswer { Status = status, ContentType = contentType, Body = System.Text.Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><UserSearchResult><Users/></UserSearchResult>") }
                : null);
            using ModuleRunspace ps = Connected(server);

            RunResult result = RunWithin(ps, "Get-Ws1User");

            Assert.Equal("Ws1.XmlResponse", result.Error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Contains("XML document", result.Error.Exception.Message);
            Assert.DoesNotContain("HTML", result.Error.Exception.Message);
        }

        [Fact]
        public void An_xml_error_body_is_called_xml()
        {
            using var server = new HostileServer(r => r.Contains("users/search")
                ? new HostileAnswer { Status = 500, ContentType = "text/xml", Body = System.Text.Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><Error>boom</Error>") }
                : null);
            using ModuleRunspace ps = Connected(server);

            RunResult result = RunWithin(ps, "Get-Ws1User");

            Assert.Contains("XML document", result.Error.Exception.Message);
            Assert.DoesNotContain("HTML", result.Error.Exception.Message);
        }

        private const string OneUserGroup =
            "{\"UserGroup\":[{\"Id\":{\"Value\":5},\"UserGroupName\":\"G\",\"UserGroupType\":\"Custom\",\"UserCount\":\"2000\"}],\"Page\":0,\"PageSize\":500,\"Total\":1}";

        private const string OneSmartGroup =
            "{\"SmartGroups\":[{\"SmartGroupID\":9,\"Name\":\"S\",\"ManagedByOrganizationGroupID\":\"570\",\"Devices\":1}],\"Page\":0,\"PageSize\":500,\"Total\":1}";

        [Fact]
        public async Task A_user_group_deleted_between_the_search_and_its_member_read_holds_nobody()
        {
            const string twoGroups = "{\"UserGroup\":["
                + "{\"Id\":{\"Value\":5},\"UserGroupName\":\"Gone\",\"UserGroupType\":\"Custom\",\"UserCount\":\"3\"},"
                + "{\"Id\":{\"Value\":6},\"UserGroupName\":\"Kept\",\"UserGroupType\":\"Custom\",\"UserCount\":\"3\"}],\"Page\":0,\"PageSize\":500,\"Total\":2}";
            using var server = new HostileServer(r =>
                r.Contains("usergroups/search") ? HostileAnswer.Json(twoGroups)
                : r.Contains("usergroups/5/users") ? HostileAnswer.Json("{\"errorCode\":404,\"message\":\"User group not found\"}", 404)
                : r.Contains("usergroups/6/users") ? HostileAnswer.Users(1, 3, 3)
                : null);
            var settings = new Ws1ConnectionSettings
            {
                ApiBaseUri = Ws1ServerAddress.Parse(server.Url),
                AuthType = Ws1AuthType.Basic,
                UserName = TestSimulator.AdminUser,
                Password = TestSimulator.Secure(TestSimulator.AdminPassword),
                ApiKey = TestSimulator.Secure(ApiKey),
                MaxRetryCount = 0,
            };
            using Ws1Session session = await Ws1Session.OpenAsync(Account, settings, Ws1Resilience.Policy, CancellationToken.None);

            IReadOnlyDictionary<long, IReadOnlyList<Ws1UserGroup>> groups = await session.UserGroups.FindCustomGroupsOfUsersAsync(new long[] { 2, 9 }, CancellationToken.None);

            Assert.Equal(new[] { "Kept" }, groups[2].Select(g => g.Name));
            Assert.Empty(groups[9]);
        }

        [Theory]
        [InlineData("{\"UserGroup\":null,\"Total\":3}", "has no 'UserGroup' list")]
        [InlineData("{\"UserGroup\":[{\"UserGroupName\":\"no-id\"}],\"Total\":1}", "without an id")]
        [InlineData("[]", "is a list instead of a page")]
        public void A_user_group_search_of_the_wrong_shape_is_an_error_not_an_empty_result(string body, string says)
        {
            using var server = new HostileServer(r => r.Contains("usergroups/search") ? HostileAnswer.Json(body) : null);
            using ModuleRunspace ps = Connected(server);

            RunResult result = RunWithin(ps, "Get-Ws1UserGroup");

            Assert.Empty(result.Output);
            Assert.Equal("Ws1.UnexpectedShape", result.Error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Contains(says, result.Error.Exception.Message);
        }

        [Fact]
        public void Members_of_a_server_that_ignores_the_page_are_listed_once_with_a_warning()
        {
            using var server = new HostileServer(r =>
                r.Contains("usergroups/search") ? HostileAnswer.Json(OneUserGroup)
                : r.Contains("usergroups/5/users") ? HostileAnswer.Users(1, 500, 2000)
                : null);
            using ModuleRunspace ps = Connected(server);

            RunResult result = RunWithin(ps, "Get-Ws1UserGroupMember -GroupName G");

            Assert.Empty(result.AllErrors);
            Assert.Equal(500, result.Output.Select(o => o.Properties["Id"].Value).Distinct().Count());
            Assert.Equal(500, result.Output.Count);
            Assert.Contains("repeated pages", Assert.Single(result.Warnings));
            Assert.True(server.CountOf("usergroups/5/users") <= 10, $"{server.CountOf("usergroups/5/users")} pages asked for");
        }

        [Theory]
        [InlineData("{\"Devices\":[{\"Id\":{\"Value\":0}}]}", "a device without an id")]
        [InlineData("{\"Devices\":null}", "has no 'Devices' list")]
        [InlineData("[1,2]", "is a list instead of the devices of a smart group")]
        public void A_smart_group_device_list_of_the_wrong_shape_is_an_error_and_reads_no_devices(string body, string says)
        {
            using var server = new HostileServer(r =>
                r.Contains("smartgroups/search") ? HostileAnswer.Json(OneSmartGroup)
                : r.Contains("smartgroups/9/devices") ? HostileAnswer.Json(body)
                : null);
            using ModuleRunspace ps = Connected(server);

            RunResult result = RunWithin(ps, "Get-Ws1Device -SmartGroupId 9");

            Assert.Empty(result.Output);
            Assert.Equal("Ws1.UnexpectedShape", result.Error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Contains(says, result.Error.Exception.Message);
            Assert.Equal(0, server.CountOf("devices/search"));
        }

        [Fact]
        public void A_smart_group_device_list_that_stalls_ends_with_the_timeout()
        {
            using var server = new HostileServer(r =>
                r.Contains("smartgroups/search") ? HostileAnswer.Json(OneSmartGroup)
                : r.Contains("smartgroups/9/devices") ? HostileAnswer.Stalled(200, 5000, "{\"Devices\":[")
                : null);
            using ModuleRunspace ps = Connected(server, "-MaxRetryCount 0 -RequestTimeout 2");

            RunResult result = RunWithin(ps, "Get-Ws1Device -SmartGroupId 9");

            Assert.Empty(result.Output);
            Assert.Equal("Ws1.Timeout", result.Error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Contains("stopped sending", result.Error.Exception.Message);
        }

        [Fact]
        public void A_body_that_stalls_midway_is_reported_as_the_server_stopping_not_a_cut_connection()
        {
            using var server = new HostileServer(r => r.Contains("users/search") ? HostileAnswer.Stalled(200, 5000, "{\"Users\":[") : null);
            using ModuleRunspace ps = Connected(server, "-MaxRetryCount 0 -RequestTimeout 2");

            RunResult result = RunWithin(ps, "Get-Ws1User");

            Assert.Equal("Ws1.Timeout", result.Error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Contains("The server stopped sending its answer to 'search users on Hostile, page 0' (status 200): 10 bytes of the body arrived", result.Error.Exception.Message);
        }

        [Theory]
        [InlineData("other.example", false, "issued to 'other.example', not to '127.0.0.1'")]
        [InlineData("127.0.0.1", true, "it expired on")]
        public void A_refused_certificate_says_why_and_what_to_do(string subject, bool expired, string says)
        {
            using X509Certificate2 certificate = SelfSigned(subject, expired);
            using var server = new HostileServer(_ => null, certificate);
            using var ps = new ModuleRunspace();

            RunResult result = ps.TryConnect(server.Url, ApiKey, Account, "-MaxRetryCount 2");

            Assert.Equal("Ws1.CertificateInvalid", result.Error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(ErrorCategory.SecurityError, result.Error.CategoryInfo.Category);
            string message = result.Error.Exception.Message;
            Assert.Contains(says, message);
            Assert.Contains("not issued by an authority this machine trusts", message);
            Assert.Contains("-SkipCertificateCheck", message);
            Assert.DoesNotContain("inner exception", message);
            Assert.Empty(server.Requests); // refused before anything was sent
        }

        [Fact]
        public void The_connection_shows_its_limits_and_refuses_ones_out_of_range()
        {
            using var server = new HostileServer(_ => null);
            using ModuleRunspace ps = Connected(server);

            PSObject connection = Assert.Single(RunWithin(ps, "Get-Ws1UemConnection").Output);
            Assert.Equal(16L * 1024 * 1024, (long)connection.Properties["MaxResponseSize"].Value);
            Assert.Equal(TimeSpan.FromSeconds(60), (TimeSpan)connection.Properties["MaxRetryWait"].Value);

            Assert.Contains("MaxResponseSize", ps.TryConnect(server.Url, ApiKey, "Small", "-MaxResponseSize 1KB").Error.Exception.Message);
            Assert.Contains("MaxRetryWait", ps.TryConnect(server.Url, ApiKey, "Negative", "-MaxRetryWait -1").Error.Exception.Message);
        }

        internal static X509Certificate2 SelfSigned(string subject, bool expired)
        {
            using RSA key = RSA.Create(2048);
            var request = new CertificateRequest($"CN={subject}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var names = new SubjectAlternativeNameBuilder();
            if (System.Net.IPAddress.TryParse(subject, out System.Net.IPAddress ip))
                names.AddIpAddress(ip);
            else
                names.AddDnsName(subject);
            request.CertificateExtensions.Add(names.Build());
            DateTimeOffset from = expired ? DateTimeOffset.UtcNow.AddDays(-30) : DateTimeOffset.UtcNow.AddDays(-1);
            DateTimeOffset to = expired ? DateTimeOffset.UtcNow.AddDays(-2) : DateTimeOffset.UtcNow.AddDays(30);
            using X509Certificate2 created = request.CreateSelfSigned(from, to);
            // Through PFX so the private key is usable by SslStream on every platform.
            return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
        }
    }
}
