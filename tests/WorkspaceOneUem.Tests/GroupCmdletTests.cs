using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using Xunit;

namespace WorkspaceOneUem.Tests
{
    /// <summary>
    /// The user group and smart group cmdlets in a real runspace, over real HTTP, against two simulated tenants whose
    /// seeded users and groups share ids (a change sent to the wrong tenant would hit a real group there), and as the
    /// simulator's read-only admin.
    /// </summary>
    public sealed class GroupCmdletTests : TwoTenantCmdletFixture
    {
        // Pages of 7 on A: a group's members take several pages.
        public GroupCmdletTests()
            : base(users: 300)
        {
        }

        private List<long> MemberIds(string group, string account) =>
            Run($"Get-Ws1UserGroupMember -GroupName '{group}' -AccountName {account}").Output.Select(o => (long)Prop(o, "Id")).ToList();

        /// <summary>Ids of users of the account that are not in the group.</summary>
        private List<long> NonMembers(string group, string account, int count)
        {
            HashSet<long> members = MemberIds(group, account).ToHashSet();
            return Run($"Get-Ws1User -AccountName {account}").Output.Select(o => (long)Prop(o, "Id")).Where(id => !members.Contains(id)).Take(count).ToList();
        }

        // ---- reading --------------------------------------------------------------------------------------------

        [Fact]
        public void Get_Ws1UserGroup_matches_names_exactly_or_by_wildcard_never_partially()
        {
            Assert.Equal(new[] { "Sales" }, Run("Get-Ws1UserGroup -Name sales -AccountName A").Output.Select(o => (string)Prop(o, "Name")));
            Assert.Equal(new[] { "Sales", "Sales Managers", "Sales Managers EMEA" },
                Run("Get-Ws1UserGroup -Name 'Sales*' -AccountName A").Output.Select(o => (string)Prop(o, "Name")).OrderBy(n => n));
            Assert.Empty(Run("Get-Ws1UserGroup -Name 'Sales Manager' -AccountName A").Output);
            Assert.Equal("Contractors [Temp]", Prop(Run("Get-Ws1UserGroup -Name 'Contractors `[Temp`]' -AccountName A").Output.Single(), "Name"));
            Assert.All(Run("Get-Ws1UserGroup -Type Directory -AccountName A").Output, o => Assert.Equal(Ws1UserGroupType.Directory, Prop(o, "Type")));
            Assert.Equal(new[] { "Sales Managers", "Sales Managers EMEA" },
                Run("Get-Ws1UserGroup -OrganizationGroupId 571 -Type Custom -AccountName A").Output.Select(o => (string)Prop(o, "Name")).OrderBy(n => n));

            RunResult byId = Run("Get-Ws1UserGroup -Id 3003, 9999 -AccountName A");
            Assert.Equal("Executives", Prop(byId.Output.Single(), "Name"));
            Assert.Equal("Ws1.UserGroupNotFound", Id(Assert.Single(byId.Errors)));

            RunResult both = Run("Get-Ws1UserGroup -Name Executives -AccountName *");
            Assert.Equal(new[] { "A", "B", "R" }, both.Output.Select(o => (string)Prop(o, "AccountName")).OrderBy(n => n));
        }

        [Fact]
        public void Get_Ws1UserGroupMember_reads_every_page_and_each_piped_group_on_its_own_account()
        {
            RunResult named = Run("Get-Ws1UserGroupMember -GroupName 'VPN Users' -AccountName A");
            long count = (long)Prop(Run("Get-Ws1UserGroup -Name 'VPN Users' -AccountName A").Output.Single(), "MemberCount");
            Assert.True(count > 7, "more than a page");
            Assert.Equal(count, named.Output.Count);
            Assert.Equal(count, named.Output.Select(o => Prop(o, "Id")).Distinct().Count());
            Assert.All(named.Output, o => Assert.Equal("VPN Users", Prop(o, "UserGroupName")));
            Assert.All(named.Output, o => Assert.IsType<Ws1User>(o.BaseObject));

            RunResult piped = Run("Get-Ws1UserGroup -Name 'VPN Users' -AccountName A, B | Get-Ws1UserGroupMember");
            Assert.Equal(MemberIds("VPN Users", "B").Count + named.Output.Count, piped.Output.Count);
            Assert.Equal(MemberIds("VPN Users", "B").OrderBy(i => i),
                piped.Output.Where(o => (string)Prop(o, "AccountName") == "B").Select(o => (long)Prop(o, "Id")).OrderBy(i => i));

            RunResult missing = Run("Get-Ws1UserGroupMember -GroupName 'Sales Manager', 'Executives' -AccountName A");
            Assert.Equal("Ws1.UserGroupNotFound", Id(Assert.Single(missing.Errors)));
            Assert.Equal(MemberIds("Executives", "A").Count, missing.Output.Count);
        }

        [Fact]
        public async Task Get_Ws1UserGroupMember_by_id_on_an_account_whose_groups_cannot_be_listed_is_an_error_and_the_next_account_is_read()
        {
            Assert.Empty(_ps.TryConnect(_a.Url, _a.TenantCode, "Z", "-MaxRetryCount 0").AllErrors);
            await _a.AddFaultAsync(new { Kind = "Error500", Count = 1, Method = "GET", PathContains = "usergroups/search" });

            RunResult r = Run("Get-Ws1UserGroupMember -GroupId 3003 -AccountName Z, B");

            Assert.Equal("Ws1.ServerError", Id(Assert.Single(r.Errors)));
            Assert.Equal(MemberIds("Executives", "B").OrderBy(i => i), r.Output.Select(o => (long)Prop(o, "Id")).OrderBy(i => i));
            Assert.All(r.Output, o => Assert.Equal("B", Prop(o, "AccountName")));
        }

        [Fact]
        public void A_device_in_several_smart_groups_asked_for_is_written_once()
        {
            List<long> sales = Run("Get-Ws1Device -SmartGroupId 4004 -AccountName A").Output.Select(o => (long)Prop(o, "Id")).ToList();
            List<long> ios = Run("Get-Ws1Device -SmartGroupId 4005 -AccountName A").Output.Select(o => (long)Prop(o, "Id")).ToList();
            Assert.NotEmpty(sales.Intersect(ios)); // the groups overlap, so the case is real

            List<long> both = Run("Get-Ws1Device -SmartGroupId 4004, 4005 -AccountName A").Output.Select(o => (long)Prop(o, "Id")).ToList();
            List<long> piped = Run("Get-Ws1SmartGroup -Id 4004, 4005 -AccountName A | Get-Ws1Device").Output.Select(o => (long)Prop(o, "Id")).ToList();

            Assert.Equal(sales.Union(ios).OrderBy(i => i), both.OrderBy(i => i));
            Assert.Equal(sales.Union(ios).OrderBy(i => i), piped.OrderBy(i => i));
        }

        [Fact]
        public void Get_Ws1SmartGroup_and_the_devices_of_smart_groups()
        {
            Assert.Equal(new[] { "Sales Devices" }, Run("Get-Ws1SmartGroup -Name 'sales devices' -AccountName A").Output.Select(o => (string)Prop(o, "Name")));
            Assert.Equal(2, Run("Get-Ws1SmartGroup -Name 'Sales Devices*' -AccountName A").Output.Count);
            Assert.Equal(new[] { 4004L, 4005L }, Run("Get-Ws1SmartGroup -OrganizationGroupId 571 -AccountName A").Output.Select(o => (long)Prop(o, "Id")).OrderBy(i => i));

            RunResult byId = Run("Get-Ws1Device -SmartGroupId 4005 -AccountName A");
            RunResult piped = Run("Get-Ws1SmartGroup -Name 'Sales Devices iOS' -AccountName A | Get-Ws1Device");
            long expected = (long)Prop(Run("Get-Ws1SmartGroup -Id 4005 -AccountName A").Output.Single(), "DeviceCount");
            Assert.Empty(byId.AllErrors);
            Assert.Equal(expected, byId.Output.Count);
            Assert.All(byId.Output, o => Assert.Equal("Apple", Prop(o, "Platform")));
            Assert.Equal(byId.Output.Select(o => Prop(o, "Id")), piped.Output.Select(o => Prop(o, "Id")));

            RunResult enrolled = Run("Get-Ws1Device -SmartGroupId 4005 -EnrollmentStatus Enrolled -AccountName A -Verbose");
            Assert.All(enrolled.Output, o => Assert.Equal("Enrolled", Prop(o, "EnrollmentStatus")));
            Assert.Contains(enrolled.Verbose, v => v.Contains("Devices of smart group 'Sales Devices iOS'"));

            RunResult missing = Run("Get-Ws1Device -SmartGroupId 9999 -AccountName A");
            Assert.Equal("Ws1.SmartGroupNotFound", Id(Assert.Single(missing.Errors)));
        }

        // ---- changing membership --------------------------------------------------------------------------------

        [Fact]
        public async Task Add_and_Remove_write_a_result_per_user_and_send_nothing_for_users_already_as_asked()
        {
            List<long> ids = NonMembers("Executives", "A", 2);
            await ClearJournalsAsync();

            RunResult added = Run($"Get-Ws1User -Id {ids[0]}, {ids[1]} -AccountName A | Add-Ws1UserGroupMember -GroupName executives");

            Assert.Empty(added.AllErrors);
            Assert.Equal(new[] { "Added", "Added" }, added.Output.Select(o => Prop(o, "Status").ToString()));
            Assert.Equal(ids, added.Output.Select(o => (long)Prop(o, "UserId")));
            Assert.All(added.Output, o => Assert.Equal("Executives", Prop(o, "UserGroupName")));
            Assert.Equal(ids.Select(id => $"/API/system/usergroups/3003/user/{id}/addusertogroup"), (await WritesAsync(_a)).Select(w => (string)w["Path"]));
            Assert.Empty(await WritesAsync(_b));
            Assert.Subset(MemberIds("Executives", "A").ToHashSet(), ids.ToHashSet());

            await ClearJournalsAsync();
            RunResult again = Run($"Add-Ws1UserGroupMember -UserId {ids[0]} -GroupId 3003");
            Assert.Equal("AlreadyMember", Prop(again.Output.Single(), "Status").ToString());
            Assert.Empty(await WritesAsync(_a));

            RunResult removed = Run($"Remove-Ws1UserGroupMember -UserId {ids[0]}, {ids[1]} -GroupName Executives");
            Assert.Equal(new[] { "Removed", "Removed" }, removed.Output.Select(o => Prop(o, "Status").ToString()));
            Assert.Equal(ids.Select(id => $"/API/system/usergroups/3003/user/{id}/removeuserfromgroup"), (await WritesAsync(_a)).Select(w => (string)w["Path"]));
            Assert.DoesNotContain(MemberIds("Executives", "A"), id => ids.Contains(id));

            await ClearJournalsAsync();
            RunResult gone = Run($"Get-Ws1UserGroup -Name Executives -AccountName A | Remove-Ws1UserGroupMember -UserId {ids[0]}");
            Assert.Equal("NotMember", Prop(gone.Output.Single(), "Status").ToString());
            Assert.Empty(await WritesAsync(_a));
        }

        [Fact]
        public async Task WhatIf_sends_nothing_even_with_Force()
        {
            List<long> ids = NonMembers("Pilot Users", "A", 2);
            long member = MemberIds("Pilot Users", "A").First();
            await ClearJournalsAsync();

            RunResult r = Run($"Add-Ws1UserGroupMember -UserId {ids[0]}, {ids[1]} -GroupName 'Pilot Users' -AccountName A -WhatIf -Force; " +
                              $"Remove-Ws1UserGroupMember -UserId {member} -GroupName 'Pilot Users' -AccountName A -WhatIf; " +
                              $"function Invoke-Quietly {{ $WhatIfPreference = $true; Get-Ws1User -Id {ids[0]} -AccountName A | Add-Ws1UserGroupMember -GroupId 3002 }}; Invoke-Quietly");

            Assert.Empty(r.AllErrors);
            Assert.Empty(r.Output);
            Assert.Empty(await WritesAsync(_a));
            Assert.Contains(member, MemberIds("Pilot Users", "A"));
            Assert.DoesNotContain(MemberIds("Pilot Users", "A"), id => ids.Contains(id));
        }

        [Fact]
        public async Task Names_match_exactly_a_prefix_or_a_partial_name_touches_nobody()
        {
            Run("New-Ws1User -UserName joann -Email joann@a.example -FirstName Jo -LastName Ann -Password (ConvertTo-SecureString 'Pass-word-1' -AsPlainText -Force) -AccountName A");
            await ClearJournalsAsync();

            RunResult user = Run("Add-Ws1UserGroupMember -UserName ann -GroupName 'Executives' -AccountName A");
            Assert.Equal("Ws1.UserNotFound", Id(Assert.Single(user.Errors)));
            Assert.Empty(user.Output);

            RunResult group = _ps.Run("Add-Ws1UserGroupMember -UserName joann -GroupName 'Sales Manager' -AccountName A");
            Assert.Equal("Ws1.UserGroupNotFound", Id(group.Error));

            // Brackets in a group name are taken literally, never as a pattern.
            RunResult literal = Run("Add-Ws1UserGroupMember -UserName joann -GroupName 'Contractors [Temp]' -AccountName A");
            Assert.Equal("Added", Prop(literal.Output.Single(), "Status").ToString());
            Assert.Equal(new[] { "/API/system/usergroups/3010/user/301/addusertogroup" }, (await WritesAsync(_a)).Select(w => (string)w["Path"]));
        }

        [Fact]
        public async Task Users_of_another_account_are_errors_and_a_piped_group_acts_on_its_own_account()
        {
            List<long> onB = NonMembers("Executives", "B", 1);
            await ClearJournalsAsync();

            RunResult mixed = Run($"Get-Ws1User -Id {onB[0]} -AccountName B | Add-Ws1UserGroupMember -GroupName Executives -AccountName A");

            Assert.Equal("Ws1.AccountMismatch", Id(Assert.Single(mixed.Errors)));
            Assert.Empty(mixed.Output);
            Assert.Empty(await WritesAsync(_a));
            Assert.Empty(await WritesAsync(_b));

            RunResult routed = Run($"Get-Ws1UserGroup -Name Executives -AccountName B | Add-Ws1UserGroupMember -UserId {onB[0]}");
            Assert.Equal("B", Prop(routed.Output.Single(), "AccountName"));
            Assert.Empty(await WritesAsync(_a));
            Assert.Equal($"/API/system/usergroups/3003/user/{onB[0]}/addusertogroup", (string)(await WritesAsync(_b)).Single()["Path"]);

            RunResult disagree = _ps.Run($"Get-Ws1UserGroup -Name Executives -AccountName B | Add-Ws1UserGroupMember -UserId {onB[0]} -AccountName A");
            Assert.Equal("Ws1.AccountMismatch", Id(disagree.Error));
        }

        [Fact]
        public async Task A_piped_group_of_a_closed_account_is_one_error_and_sends_nothing()
        {
            await ClearJournalsAsync();

            RunResult r = _ps.Run("$g = Get-Ws1UserGroup -Name 'VPN Users' -AccountName B; Disconnect-Ws1Uem -AccountName B; $g | Add-Ws1UserGroupMember -UserName nobody -Force");

            ErrorRecord error = Assert.Single(r.AllErrors);
            Assert.Equal("Ws1.AccountNotConnected", Id(error));
            Assert.Contains("No connection named 'B'", error.Exception.Message);
            Assert.Empty(await WritesAsync(_b));
        }

        [Fact]
        public async Task A_group_named_twice_or_not_at_all_or_without_its_account_is_refused_and_nothing_is_sent()
        {
            long id = NonMembers("Executives", "A", 1)[0];
            await ClearJournalsAsync();

            // A piped group is bound only once the pipeline runs: beside -GroupId it must be refused too, not both changed.
            RunResult pipedAndId = _ps.Run($"Get-Ws1UserGroup -Name Executives -AccountName A | Add-Ws1UserGroupMember -UserId {id} -GroupId 3001 -Force");
            RunResult idAndName = _ps.Run($"Add-Ws1UserGroupMember -UserId {id} -GroupId 3003 -GroupName Executives -AccountName A -Force");
            RunResult none = _ps.Run($"Add-Ws1UserGroupMember -UserId {id} -AccountName A -Force");
            RunResult noAccount = _ps.Run($"[WorkspaceOneUem.Ws1UserGroup]@{{ Id = 3003; Name = 'Executives' }} | Add-Ws1UserGroupMember -UserId {id} -Force");

            Assert.Equal("Ws1.UserGroupNamedTwice", Id(pipedAndId.Error));
            Assert.Equal("Ws1.UserGroupNamedTwice", Id(idAndName.Error));
            Assert.Equal("Ws1.UserGroupRequired", Id(none.Error));
            Assert.Equal("Ws1.MissingAccountName", Id(noAccount.Error));
            Assert.All(new[] { pipedAndId, idAndName, none, noAccount }, r => Assert.Equal(ErrorCategory.InvalidArgument, r.Error.CategoryInfo.Category));
            Assert.Empty(await WritesAsync(_a));
            Assert.Empty(await WritesAsync(_b));
            Assert.DoesNotContain(id, MemberIds("Executives", "A"));
        }

        [Fact]
        public async Task A_directory_group_is_refused_before_anything_is_read_or_sent()
        {
            long member = MemberIds("Sales", "A").First();
            await ClearJournalsAsync();

            RunResult named = _ps.Run($"Remove-Ws1UserGroupMember -UserId {member} -GroupName Sales -AccountName A -Confirm:$false");
            RunResult piped = Run($"Get-Ws1UserGroup -Name Sales -AccountName A | Add-Ws1UserGroupMember -UserId {member} -Force");

            Assert.Equal("Ws1.DirectorySyncedGroup", Id(named.Error));
            Assert.Equal(ErrorCategory.InvalidOperation, named.Error.CategoryInfo.Category);
            Assert.Contains("synced from the directory", named.Error.Exception.Message);
            Assert.Equal("Ws1.DirectorySyncedGroup", Id(Assert.Single(piped.Errors)));
            Assert.Empty(piped.Output);
            List<JObject> calls = (await _a.JournalAsync()).ToList();
            Assert.DoesNotContain(calls, c => (string)c["Method"] != "GET");
            Assert.DoesNotContain(calls, c => ((string)c["Path"]).EndsWith("/users") || ((string)c["Path"]).StartsWith("/API/system/users/"));
            Assert.Contains(member, MemberIds("Sales", "A"));
        }

        [Fact]
        public async Task A_role_without_the_user_group_rows_gets_403_naming_them()
        {
            long id = NonMembers("Executives", "A", 1)[0];
            await ClearJournalsAsync();

            RunResult r = Run($"Add-Ws1UserGroupMember -UserId {id} -GroupName Executives -AccountName R");

            ErrorRecord error = Assert.Single(r.Errors);
            Assert.Equal("Ws1.PermissionDenied", Id(error));
            Assert.Equal(ErrorCategory.PermissionDenied, error.CategoryInfo.Category);
            Assert.Contains("Accounts > User Groups > User Groups > Add/Edit (Edit)", error.Exception.Message);
            Assert.Contains("API > REST > Users (Read and Edit)", error.Exception.Message);
            Assert.Equal("Failed", Prop(r.Output.Single(), "Status").ToString());
            Assert.Equal(403, (int)(await WritesAsync(_a)).Single()["Status"]);
        }

        [Fact]
        public async Task After_a_403_the_other_users_are_not_sent_and_the_403_is_the_one_error()
        {
            List<long> ids = NonMembers("Executives", "A", 3);
            await ClearJournalsAsync();

            RunResult r = Run($"Add-Ws1UserGroupMember -UserId {string.Join(",", ids)} -GroupName Executives -AccountName R");

            Assert.Equal("Ws1.PermissionDenied", Id(Assert.Single(r.Errors)));
            Assert.Equal(3, r.Output.Count);
            Assert.All(r.Output, o => Assert.Equal("Failed", Prop(o, "Status").ToString()));
            Assert.All(r.Output.Skip(1), o => Assert.StartsWith("Not sent: the admin role of account 'R'", (string)Prop(o, "Message")));
            Assert.Single(await WritesAsync(_a));
        }

        [Fact]
        public async Task A_fault_on_each_write_is_sent_again_only_when_provably_unprocessed()
        {
            List<long> ids = NonMembers("Engineering On-Call", "A", 1);
            await _a.AddFaultAsync(new { Kind = "Error500", Count = 1, Method = "POST", PathContains = "/addusertogroup", Phase = "After" });
            await _a.AddFaultAsync(new { Kind = "Throttle429", Count = 1, Method = "POST", PathContains = "/removeuserfromgroup" });
            await ClearJournalsAsync();

            RunResult add = Run($"Add-Ws1UserGroupMember -UserId {ids[0]} -GroupName 'Engineering On-Call' -AccountName A");

            Assert.Equal("Ws1.OutcomeUnknown", Id(Assert.Single(add.Errors)));
            Assert.Equal("OutcomeUnknown", Prop(add.Output.Single(), "Status").ToString());
            Assert.Equal(new[] { 500 }, (await WritesAsync(_a)).Select(w => (int)w["Status"]));
            Assert.Contains(ids[0], MemberIds("Engineering On-Call", "A")); // made, although the answer was 500

            await ClearJournalsAsync();
            RunResult remove = Run($"Remove-Ws1UserGroupMember -UserId {ids[0]} -GroupName 'Engineering On-Call' -AccountName A");

            Assert.Empty(remove.AllErrors);
            Assert.Equal("Removed", Prop(remove.Output.Single(), "Status").ToString());
            Assert.Equal(new[] { 429, 200 }, (await WritesAsync(_a)).Select(w => (int)w["Status"]));
        }

        [Fact]
        public async Task A_group_piped_where_users_are_expected_is_refused_not_taken_for_a_user_id()
        {
            await ClearJournalsAsync();

            RunResult r = Run("Get-Ws1UserGroup -Name Executives -AccountName A | Disable-Ws1User -Confirm:$false; " +
                              "Get-Ws1SmartGroup -Name Kiosks -AccountName A | Remove-Ws1User -Confirm:$false; " +
                              "Get-Ws1UserGroup -Name Executives -AccountName A | Add-Ws1UserGroupMember -GroupId 3001 -AccountName A");

            Assert.Equal(3, r.Errors.Count);
            Assert.All(r.Errors, e => Assert.Equal("Ws1.GroupInput", Id(e)));
            Assert.Empty(await WritesAsync(_a));
        }
    }
}
