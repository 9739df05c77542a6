using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using WorkspaceOneUem.Client;
using WorkspaceOneUem.Client.Offboarding;
using WorkspaceOneUem.Client.Resolution;
using Xunit;

namespace WorkspaceOneUem.Tests
{
    /// <summary>
    /// The offboarding planner and run of the client, without a runspace: users resolved, every step planned from the
    /// tenant's state with reads only, and a run that stops a user's later steps when one of its steps did not finish.
    /// </summary>
    public sealed class OffboardingPlannerTests : IAsyncLifetime
    {
        private static readonly Ws1OffboardingStep[] AllSteps = (Ws1OffboardingStep[])Enum.GetValues(typeof(Ws1OffboardingStep));

        private TestSimulator _sim;
        private Ws1Session _session;
        private List<Ws1User> _users;
        private Dictionary<string, List<Ws1Device>> _devicesByUser;
        private readonly HashSet<string> _used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        public async Task InitializeAsync()
        {
            _sim = await TestSimulator.StartAsync(users: 300, seed: 7, o => o.WipeThreshold = 0);
            _session = await _sim.ConnectAsync("A");
            _users = _session.Users.SearchAsync(new UserSearch { Status = Ws1UserStatus.Active }, CancellationToken.None).Sync().ToList();
            _devicesByUser = DeviceCommandEvidence.DevicesByUser(_session);
        }

        public async Task DisposeAsync()
        {
            _session.Dispose();
            await _sim.DisposeAsync();
        }

        private List<Ws1Device> DevicesOf(Ws1User user) => _devicesByUser.TryGetValue(user.UserName, out List<Ws1Device> d) ? d : new List<Ws1Device>();

        /// <summary>An active user no other test has used, whose devices are all enrolled and need no PIN (at least <paramref name="devices"/>).</summary>
        private Ws1User Take(int devices = 1)
        {
            Ws1User user = _users.FirstOrDefault(u => !_used.Contains(u.UserName) && DevicesOf(u).Count >= devices && DevicesOf(u).All(d => d.EnrollmentStatus == "Enrolled" && !d.IsMacOS));
            Assert.True(user != null, "The seeded tenant has no free user for this test.");
            _used.Add(user.UserName);
            return user;
        }

        private async Task<OffboardingPlan> PlanAsync(OffboardingOptions options, params UserReference[] references)
        {
            var resolver = new UserResolver(_ => _session, () => _session, null, DeviceLookupPlan.PerUser);
            foreach (UserReference reference in references)
                resolver.Add(reference, CancellationToken.None);
            IReadOnlyList<UserOutcome> outcomes = await resolver.FinishAsync(CancellationToken.None);
            return await new OffboardingPlanner(options).PlanAsync(outcomes, CancellationToken.None);
        }

        [Fact]
        public void Each_ownership_gets_its_wipe_and_an_unknown_one_the_wipe_that_cannot_erase_personal_data()
        {
            var options = new OffboardingOptions(new[] { Ws1OffboardingStep.WipeDevice });
            Assert.Equal(Ws1WipeType.Enterprise, options.WipeTypeFor(Ws1DeviceOwnership.EmployeeOwned));
            Assert.Equal(Ws1WipeType.Full, options.WipeTypeFor(Ws1DeviceOwnership.CorporateDedicated));
            Assert.Equal(Ws1WipeType.Full, options.WipeTypeFor(Ws1DeviceOwnership.CorporateShared));
            Assert.Equal(Ws1WipeType.Enterprise, options.WipeTypeFor(Ws1DeviceOwnership.Undefined));

            options.EmployeeOwnedWipe = Ws1WipeType.Full;
            options.CorporateWipe = Ws1WipeType.Enterprise;
            options.UndefinedOwnershipWipe = Ws1WipeType.Full;
            Assert.Equal(Ws1WipeType.Full, options.WipeTypeFor(Ws1DeviceOwnership.EmployeeOwned));
            Assert.Equal(Ws1WipeType.Enterprise, options.WipeTypeFor(Ws1DeviceOwnership.CorporateShared));
            Assert.Equal(Ws1WipeType.Full, options.WipeTypeFor(Ws1DeviceOwnership.Undefined));

            // The steps always run in their fixed order, whatever order they are given in.
            Assert.Equal(AllSteps, new OffboardingOptions(AllSteps.Reverse()).Steps);
        }

        [Fact]
        public async Task The_plan_is_read_from_the_tenant_with_reads_only()
        {
            Ws1User active = Take(devices: 2), inactive = Take(), pending = Take(), deleted = Take();
            await _session.Users.DeactivateAsync(new[] { inactive }, CancellationToken.None);
            foreach (Ws1Device d in DevicesOf(pending).Concat(DevicesOf(deleted)))
                await _session.Devices.SendCommandAsync(d, Ws1DeviceCommand.EnterpriseWipe, null, CancellationToken.None);
            await _session.Users.ChangeAsync(Ws1UserChange.Delete, new[] { deleted }, CancellationToken.None);
            await _sim.ClearJournalAsync();

            OffboardingPlan plan = await PlanAsync(new OffboardingOptions(AllSteps),
                UserReference.ForName(active.UserName), UserReference.ForName(inactive.UserName.ToUpperInvariant()), UserReference.ForName(pending.UserName),
                UserReference.ForName(deleted.UserName), UserReference.ForName("no.such.leaver"), UserReference.ForName(active.UserName));

            // Planning reads; it never writes.
            Assert.All(await _sim.JournalAsync(), e => Assert.Equal("GET", (string)e["Method"]));
            // Input order, each user once, the misspelt name with its problem.
            Assert.Equal(new[] { active.UserName, inactive.UserName, pending.UserName, deleted.UserName, "no.such.leaver" }, plan.Users.Select(u => u.UserName), StringComparer.OrdinalIgnoreCase);

            OffboardingUserPlan a = plan.Users[0];
            Assert.Null(a.Problem);
            Assert.All(a.Actions, x => Assert.True(x.ToSend || x.Step == Ws1OffboardingStep.RemoveFromUserGroup));
            Assert.Equal(DevicesOf(active).Count, a.Actions.Count(x => x.Step == Ws1OffboardingStep.WipeDevice));
            foreach (OffboardingAction wipe in a.Actions.Where(x => x.Step == Ws1OffboardingStep.WipeDevice))
            {
                Assert.Equal(wipe.Device.Ownership == Ws1DeviceOwnership.EmployeeOwned ? Ws1DeviceCommand.EnterpriseWipe : Ws1DeviceCommand.DeviceWipe, wipe.Command);
                Assert.Contains($"(id {wipe.Device.Id},", a.Describe());
            }
            Assert.Equal(a.Actions.Select(x => x.Step).OrderBy(s => s), a.Actions.Select(x => x.Step));

            Assert.Equal(Ws1OffboardingStatus.AlreadyDone, plan.Users[1].Actions.Single(x => x.Step == Ws1OffboardingStep.Disable).Settled.Status);
            Assert.True(plan.Users[1].Actions.Single(x => x.Step == Ws1OffboardingStep.Delete).ToSend);
            Assert.All(plan.Users[2].Actions.Where(x => x.Step == Ws1OffboardingStep.WipeDevice), x => Assert.Equal(Ws1OffboardingStatus.AlreadyDone, x.Settled.Status));
            Assert.All(plan.Users[2].Actions.Where(x => x.Step == Ws1OffboardingStep.LockDevice), x => Assert.Equal(Ws1OffboardingStatus.Skipped, x.Settled.Status));

            OffboardingUserPlan gone = plan.Users[3];
            Assert.True(gone.IsDeleted);
            Assert.Null(gone.Problem);
            Assert.Empty(gone.ToSend);
            Assert.Equal(Ws1OffboardingStatus.AlreadyDone, gone.Actions.Single(x => x.Step == Ws1OffboardingStep.Delete).Settled.Status);

            OffboardingUserPlan unknown = plan.Users[4];
            Assert.Contains("check the name", unknown.Problem);
            Assert.Equal(UserOutcomeKind.NotFound, unknown.Outcome.Kind);
            Assert.Equal(Ws1OffboardingStatus.Failed, unknown.Actions[0].Settled.Status);
            Assert.All(unknown.Actions.Skip(1), x => Assert.Equal(Ws1OffboardingStatus.Skipped, x.Settled.Status));

            // Wipes to send: the devices of the active user and of the inactive one; none of the others.
            Assert.Equal(DevicesOf(active).Count + DevicesOf(inactive).Count, plan.WipeCount);
            Assert.Equal(2, plan.WipeUserCount);

            // Without -Delete a user that is gone is not looked for: it is not found, as everywhere.
            OffboardingPlan noDelete = await PlanAsync(new OffboardingOptions(new[] { Ws1OffboardingStep.Disable }), UserReference.ForName(deleted.UserName));
            Assert.False(noDelete.Users.Single().IsDeleted);
            Assert.NotNull(noDelete.Users.Single().Problem);
        }

        [Fact]
        public async Task A_step_that_did_not_finish_stops_that_users_later_steps_and_the_others_go_on()
        {
            Ws1User failing = Take(), other = Take();
            Ws1Device moved = DevicesOf(failing).First();
            var options = new OffboardingOptions(new[] { Ws1OffboardingStep.Delete, Ws1OffboardingStep.LockDevice });
            OffboardingPlan plan = await PlanAsync(options, UserReference.ForName(failing.UserName), UserReference.ForName(other.UserName));
            // Between plan and run the tenant changes: one device is wiped, so its lock is refused.
            await _session.Devices.SendCommandAsync(moved, Ws1DeviceCommand.EnterpriseWipe, null, CancellationToken.None);
            await _sim.ClearJournalAsync();

            var run = new OffboardingRun(_session, plan.Users, options);
            IReadOnlyList<Ws1OffboardingResult> results = await run.RunAsync(CancellationToken.None);

            Assert.Null(run.CurrentStep);
            Ws1OffboardingResult refused = results.Single(r => r.UserName == failing.UserName && r.DeviceId == moved.Id);
            Assert.Equal(Ws1OffboardingStatus.Failed, refused.Status);
            Assert.NotNull(refused.Error);
            Ws1OffboardingResult skipped = results.Single(r => r.UserName == failing.UserName && r.Step == Ws1OffboardingStep.Delete);
            Assert.Equal(Ws1OffboardingStatus.Skipped, skipped.Status);
            Assert.Contains("an earlier step failed", skipped.Reason);
            Assert.All(results.Where(r => r.UserName == other.UserName), r => Assert.Equal(Ws1OffboardingStatus.Done, r.Status));
            // The locks of both users in one bulk request, then the one delete that was left.
            List<JObject> writes = (await _sim.JournalAsync()).Where(e => (string)e["Method"] != "GET").ToList();
            Assert.Single(writes, e => ((string)e["Path"]).Contains("/commands"));
            JObject delete = Assert.Single(writes, e => (string)e["Method"] == "DELETE");
            Assert.Contains($"/users/{other.Id}/delete", (string)delete["Path"]);
            // Plan order: user by user, step by step.
            Assert.Equal(new[] { failing.UserName, other.UserName }, results.Select(r => r.UserName).Distinct());
            Assert.Equal(results.Where(r => r.UserName == other.UserName).Select(r => r.Step).OrderBy(x => x), results.Where(r => r.UserName == other.UserName).Select(r => r.Step));
        }
    }
}
