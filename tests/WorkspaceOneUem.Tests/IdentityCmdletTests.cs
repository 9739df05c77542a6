using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using Xunit;

namespace WorkspaceOneUem.Tests
{
    /// <summary>
    /// Set-Ws1User, Get-Ws1OrganizationGroup and Invoke-Ws1UemRequest in a real runspace, over real HTTP, against two
    /// simulated tenants whose seeded users share ids (a change sent to the wrong tenant would hit a real user there),
    /// and as the simulator's read-only admin.
    /// </summary>
    public sealed class IdentityCmdletTests : TwoTenantCmdletFixture
    {
        // Pages of 7 on A: a listing of 30 users takes five pages.
        public IdentityCmdletTests()
            : base(users: 30)
        {
        }

        // ---- Set-Ws1User ---------------------------------------------------------------------------------------

        [Fact]
        public async Task Set_sends_only_the_fields_given_and_PassThru_reads_the_user_again()
        {
            await ClearJournalsAsync();

            RunResult r = Run("Set-Ws1User -Id 3 -AccountName A -MobileNumber '+1 555 0100' -CustomAttribute @{ 2 = 'Finance' } -DisplayName '' -PassThru");

            Assert.Empty(r.AllErrors);
            PSObject user = Assert.Single(r.Output);
            Assert.Equal("+1 555 0100", Prop(user, "MobileNumber"));
            Assert.Equal("Finance", Prop(user, "CustomAttribute2"));
            Assert.Equal("", Prop(user, "DisplayName"));
            JObject write = Assert.Single(await WritesAsync(_a));
            Assert.Equal("POST /API/system/users/3/update", $"{write["Method"]} {write["Path"]}");
            var body = JObject.Parse((string)write["Body"]);
            Assert.Equal(new[] { "DisplayName", "MobileNumber", "CustomAttribute2" }, body.Properties().Select(p => p.Name));
            Assert.Empty(await WritesAsync(_b));
        }

        [Fact]
        public async Task Set_moves_a_user_to_another_group_once_and_not_again_when_it_is_there()
        {
            await ClearJournalsAsync();

            long target = (long)Run("(Get-Ws1User -Id 4 -AccountName A).OrganizationGroupId").Output.Single().BaseObject == 572 ? 571 : 572;
            await ClearJournalsAsync();

            RunResult moved = Run($"Get-Ws1User -AccountName A -Id 4 | Set-Ws1User -OrganizationGroupId {target} -PassThru");
            RunResult again = Run($"Set-Ws1User -Id 4 -AccountName A -OrganizationGroupId {target} -PassThru -Verbose");

            Assert.Empty(moved.AllErrors);
            Assert.Equal(target, Prop(Assert.Single(moved.Output), "OrganizationGroupId"));
            Assert.Equal(target == 572 ? "Engineering" : "Sales", Prop(Assert.Single(moved.Output), "OrganizationGroupName"));
            JObject write = Assert.Single(await WritesAsync(_a));
            Assert.Equal($"POST /API/system/users/4/changelocationgroup?targetLG={target}", $"{write["Method"]} {write["Path"]}{write["Query"]}");
            Assert.Empty(again.AllErrors);
            Assert.Single(again.Output);
            Assert.Contains(again.Verbose, v => v.Contains("already"));
        }

        [Fact]
        public async Task WhatIf_on_every_change_sends_nothing_even_with_Force()
        {
            await ClearJournalsAsync();
            string email = (string)Run("(Get-Ws1User -Id 5 -AccountName A).Email").Output.Single().BaseObject;

            RunResult r = Run("Set-Ws1User -Id 5 -AccountName A -Email new5@x.example -OrganizationGroupId 574 -WhatIf -Force; " +
                              "Invoke-Ws1UemRequest -Method POST -Path system/users/5/update -Body @{ LastName = 'X' } -AccountName A -WhatIf; " +
                              "Invoke-Ws1UemRequest -Method DELETE -Path system/users/5/delete -AccountName A -WhatIf -Force; " +
                              "function Invoke-Quietly { $WhatIfPreference = $true; Set-Ws1User -Id 6 -AccountName A -LastName Y }; Invoke-Quietly");

            Assert.Empty(r.AllErrors);
            Assert.Empty(r.Output);
            Assert.Empty(await WritesAsync(_a));
            Assert.Equal(email, (string)Run("(Get-Ws1User -Id 5 -AccountName A).Email").Output.Single().BaseObject);
        }

        [Fact]
        public void The_confirmation_names_each_change_with_its_old_value()
        {
            var update = new WorkspaceOneUem.Client.Ws1UserUpdate { OrganizationGroupId = 572 };
            update.Set("MobileNumber", "");
            update.Set("email", "ann.lee@x.example");
            var ann = new Ws1User { UserName = "ann", Email = "ann@x.example", MobileNumber = "123", OrganizationGroupId = 570, OrganizationGroupName = "Simulated Corp" };

            Assert.Equal("Email 'ann@x.example' -> 'ann.lee@x.example', MobileNumber '123' -> (empty), organization group 'Simulated Corp' (570) -> 'Engineering' (572)",
                update.Describe(ann, "Engineering"));
        }

        [Fact]
        public async Task Set_matches_user_names_exactly_although_the_server_matches_partially()
        {
            Assert.Empty(Run("$pw = ConvertTo-SecureString 'Pw-123456' -AsPlainText -Force; " +
                             "New-Ws1User ann -Password $pw -LastName Lee -AccountName A | Out-Null; " +
                             "New-Ws1User joann -Password $pw -LastName Lee -AccountName A | Out-Null").AllErrors);
            await ClearJournalsAsync();

            RunResult r = Run("Set-Ws1User -UserName ANN -AccountName A -LastName Smith; Set-Ws1User -UserName an -AccountName A -LastName Wrong");

            Assert.Equal("Ws1.UserNotFound", Id(Assert.Single(r.Errors)));
            Assert.Single(await WritesAsync(_a));
            Assert.Equal("Smith", Run("(Get-Ws1User -UserName ann -AccountName A).LastName").Output.Single().BaseObject);
            Assert.Equal("Lee", Run("(Get-Ws1User -UserName joann -AccountName A).LastName").Output.Single().BaseObject);
        }

        [Fact]
        public async Task Users_piped_from_two_accounts_are_each_changed_on_their_own()
        {
            await ClearJournalsAsync();

            RunResult r = Run("@(Get-Ws1User -AccountName A -Id 7) + @(Get-Ws1User -AccountName B -Id 8) | Set-Ws1User -CustomAttribute5 routed -PassThru | " +
                              "ForEach-Object { \"$($_.AccountName):$($_.Id):$($_.CustomAttribute5)\" }");

            Assert.Empty(r.AllErrors);
            Assert.Equal(new[] { "A:7:routed", "B:8:routed" }, r.Output.Select(o => (string)o.BaseObject));
            Assert.Equal(new[] { "/API/system/users/7/update" }, (await WritesAsync(_a)).Select(w => (string)w["Path"]));
            Assert.Equal(new[] { "/API/system/users/8/update" }, (await WritesAsync(_b)).Select(w => (string)w["Path"]));
        }

        [Fact]
        public async Task A_role_without_edit_rights_gets_403_naming_the_permissions()
        {
            await ClearJournalsAsync();

            RunResult set = Run("Set-Ws1User -Id 3 -AccountName R -LastName Nope");
            RunResult raw = Run("Invoke-Ws1UemRequest -Method POST -Path system/users/3/update -Body '{\"LastName\":\"Nope\"}' -AccountName R");

            ErrorRecord setError = Assert.Single(set.Errors);
            Assert.Equal("Ws1.PermissionDenied", Id(setError));
            Assert.Equal(ErrorCategory.PermissionDenied, setError.CategoryInfo.Category);
            Assert.Contains("Accounts > Users > Accounts > Edit (Edit)", setError.Exception.Message);
            Assert.Contains("API > REST > Users (Read and Edit)", setError.Exception.Message);
            ErrorRecord rawError = Assert.Single(raw.Errors);
            Assert.Equal("Ws1.PermissionDenied", Id(rawError));
            Assert.Contains("API > REST > Users (Read and Edit)", rawError.Exception.Message);
            Assert.All(await WritesAsync(_a), w => Assert.Equal(403, (int)w["Status"]));
        }

        [Fact]
        public async Task A_throttled_update_is_sent_again_and_a_move_that_failed_after_processing_is_not()
        {
            await _a.AddFaultAsync(new { Kind = "Throttle429", Count = 1, Method = "POST", PathContains = "/update" });
            await _a.AddFaultAsync(new { Kind = "Error500", Count = 1, Method = "POST", PathContains = "/changelocationgroup", Phase = "After" });
            long target = (long)Run("(Get-Ws1User -Id 9 -AccountName A).OrganizationGroupId").Output.Single().BaseObject == 573 ? 574 : 573;
            await ClearJournalsAsync();

            RunResult r = Run($"Set-Ws1User -Id 9 -AccountName A -FirstName Retried -OrganizationGroupId {target} -PassThru");

            ErrorRecord error = Assert.Single(r.Errors);
            Assert.Equal("Ws1.OutcomeUnknown", Id(error));
            Assert.Contains("were changed, but the move failed", error.Exception.Message);
            Assert.Empty(r.Output);
            List<JObject> writes = await WritesAsync(_a);
            Assert.Equal(new[] { "update 429", "update 200", "changelocationgroup 500" },
                writes.Select(w => $"{((string)w["Path"]).Split('/').Last()} {(int)w["Status"]}"));
            PSObject user = Run("Get-Ws1User -Id 9 -AccountName A").Output.Single();
            Assert.Equal("Retried", Prop(user, "FirstName"));
            Assert.Equal(target, Prop(user, "OrganizationGroupId")); // the move happened although the answer was 500
        }

        [Fact]
        public async Task Values_the_API_cannot_take_and_unknown_groups_stop_before_anything_is_sent()
        {
            await ClearJournalsAsync();

            RunResult tooLong = _ps.Run("Set-Ws1User -Id 3 -AccountName A -FirstName ('x' * 256)");
            RunResult noGroup = Run("Set-Ws1User -Id 3 -AccountName A -LastName Moved -OrganizationGroupId 9999");
            RunResult nothing = _ps.Run("Set-Ws1User -Id 3 -AccountName A");
            RunResult badKey = _ps.Run("Set-Ws1User -Id 3 -AccountName A -CustomAttribute @{ 6 = 'x' }");

            Assert.Equal("Ws1.ValueTooLong", Id(Assert.Single(tooLong.AllErrors)));
            Assert.Equal("Ws1.OrganizationGroupNotFound", Id(Assert.Single(noGroup.Errors)));
            Assert.Equal("Ws1.NothingToChange", Id(Assert.Single(nothing.AllErrors)));
            Assert.Equal("Ws1.InvalidCustomAttribute", Id(Assert.Single(badKey.AllErrors)));
            Assert.Empty(await WritesAsync(_a));
        }

        // ---- Get-Ws1OrganizationGroup ----------------------------------------------------------------------------

        private IEnumerable<string> GroupNames(string script) => Run(script).Output.Select(o => (string)Prop(o, "Name"));

        [Fact]
        public void Groups_match_names_exactly_or_as_wildcards_and_by_id_uuid_and_subtree()
        {
            Assert.Equal(new[] { "Support" }, GroupNames("Get-Ws1OrganizationGroup -Name support -AccountName A"));
            Assert.Empty(GroupNames("Get-Ws1OrganizationGroup -Name port -AccountName A")); // the server's filter finds Support
            Assert.Equal(new[] { "Sales", "Simulated Corp", "Support" }, GroupNames("Get-Ws1OrganizationGroup -Name S* -AccountName A | Sort-Object Name"));
            Assert.Equal(new[] { "Engineering" }, GroupNames("Get-Ws1OrganizationGroup -Id 572 -AccountName A"));
            Assert.Equal(new[] { "Field" }, GroupNames("Get-Ws1OrganizationGroup -Uuid (Get-Ws1OrganizationGroup -Id 574 -AccountName A).Uuid -AccountName A"));
            Assert.Equal(new[] { "Simulated Corp", "Sales", "Engineering", "Support", "Field" },
                GroupNames("Get-Ws1OrganizationGroup -Name 'Simulated Corp' -Recurse -AccountName A"));
            Assert.Equal(new[] { "A", "B" }, Run("Get-Ws1OrganizationGroup -Name Sales -AccountName A, B").Output.Select(o => (string)Prop(o, "AccountName")));
            PSObject sales = Run("Get-Ws1OrganizationGroup -Id 571 -AccountName A").Output.Single();
            Assert.Equal(570L, Prop(sales, "ParentId"));
            Assert.Equal("simcorp-sales", Prop(sales, "GroupId"));

            RunResult missing = Run("Get-Ws1OrganizationGroup -Id 9999 -AccountName A");
            Assert.Equal("Ws1.OrganizationGroupNotFound", Id(Assert.Single(missing.Errors)));
        }

        // ---- Invoke-Ws1UemRequest --------------------------------------------------------------------------------

        [Fact]
        public async Task A_GET_comes_back_as_objects_and_All_reads_every_page()
        {
            await ClearJournalsAsync();

            PSObject info = Run("Invoke-Ws1UemRequest system/info -AccountName A").Output.Single();
            RunResult all = Run("Invoke-Ws1UemRequest /API/system/users/search -All -AccountName A");
            RunResult one = Run("Invoke-Ws1UemRequest system/users/search -Query @{ pagesize = 5 } -AccountName A");

            Assert.Equal(true, Prop(info, "IsSimulator"));
            Assert.Empty(all.AllErrors);
            Assert.Equal(30, all.Output.Select(u => Prop((PSObject)Prop(u, "Id"), "Value")).Distinct().Count());
            Assert.Equal(5, (await _a.JournalAsync()).Count(e => ((string)e["Path"]).EndsWith("users/search") && ((string)e["Query"]).Contains("pagesize=500")));
            PSObject page = Assert.Single(one.Output);
            Assert.Equal(5, ((object[])Prop(page, "Users")).Length);
            Assert.Equal(30L, Prop(page, "Total"));
        }

        [Fact]
        public async Task A_204_writes_nothing_and_a_POST_is_sent_once()
        {
            RunResult none = Run("Invoke-Ws1UemRequest system/users/search -Query @{ username = 'nobody-has-this' } -AccountName A");
            Assert.Empty(none.AllErrors);
            Assert.Empty(none.Output);

            await _a.AddFaultAsync(new { Kind = "Error500", Count = 1, Method = "POST", PathContains = "users/10/update", Phase = "After" });
            await ClearJournalsAsync();
            RunResult post = Run("Invoke-Ws1UemRequest -Method POST -Path system/users/10/update -Body @{ LastName = 'Raw' } -AccountName A");

            Assert.Equal("Ws1.OutcomeUnknown", Id(Assert.Single(post.Errors)));
            Assert.Single(await WritesAsync(_a));
            Assert.Equal("Raw", Run("(Get-Ws1User -Id 10 -AccountName A).LastName").Output.Single().BaseObject);
        }

        [Fact]
        public async Task Paths_outside_the_API_are_refused_before_anything_is_sent()
        {
            await ClearJournalsAsync();

            foreach (string path in new[] { "https://other.example/API/system/info", "//other.example/API/system/info", "system/../../admin", $"{_b.Url.TrimEnd('/')}/API/system/info" })
            {
                RunResult r = _ps.Run($"Invoke-Ws1UemRequest '{path}' -AccountName A");
                Assert.Equal("Ws1.InvalidPath", Id(Assert.Single(r.AllErrors)));
            }
            Assert.Empty(await _a.JournalAsync());
            Assert.Empty(await _b.JournalAsync());
            Assert.Single(Run($"Invoke-Ws1UemRequest '{_a.Url.TrimEnd('/')}/API/system/info' -AccountName A").Output);
        }

        [Fact]
        public async Task A_DELETE_asks_as_High_impact_would_and_unattended_it_needs_Confirm_false()
        {
            await ClearJournalsAsync();

            RunResult asked = _ps.Run("Invoke-Ws1UemRequest -Method DELETE -Path system/users/11/delete -AccountName A");
            Assert.Equal("Ws1.ConfirmationNotPossible", Id(Assert.Single(asked.AllErrors)));
            Assert.Empty(await WritesAsync(_a));

            RunResult sent = Run("Invoke-Ws1UemRequest -Method DELETE -Path system/users/11/delete -AccountName A -Confirm:$false");
            Assert.Empty(sent.AllErrors);
            Assert.Empty(sent.Output);
            Assert.Equal("DELETE /API/system/users/11/delete 200", (await WritesAsync(_a)).Select(w => $"{w["Method"]} {w["Path"]} {w["Status"]}").Single());
        }
    }
}
