using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using WorkspaceOneUem.Client.Dtos;
using WorkspaceOneUem.Client.Json;
using WorkspaceOneUem.Client.Http;

namespace WorkspaceOneUem.Client
{
    /// <summary>Server-side filters for a user search. The API matches them partially.</summary>
    public sealed class UserSearch
    {
        public string? UserName { get; set; }
        public string? Email { get; set; }
        public string? FirstName { get; set; }
        public string? LastName { get; set; }
        public Ws1UserStatus? Status { get; set; }
        public long? OrganizationGroupId { get; set; }
        public string? Role { get; set; }
    }

    /// <summary>Enrollment users (system v1, docs/api-behaviour.md §3).</summary>
    public sealed class UserApi
    {
        private readonly Ws1Session _session;
        private readonly Ws1Transport _transport;

        internal UserApi(Ws1Session session, Ws1Transport transport)
        {
            _session = session;
            _transport = transport;
        }

        /// <summary>
        /// Every user matching the filters, page after page, several pages in flight; stops fetching when the caller
        /// stops reading. A small result (one user name) costs one request.
        /// </summary>
        public async IAsyncEnumerable<Ws1User> SearchAsync(UserSearch? filter, [EnumeratorCancellation] CancellationToken ct)
        {
            QueryString query = Query(filter);
            await foreach (UserDto dto in PagedSearch.ReadAsync<UserSearchPage, UserDto>(_transport, "system/users/search", query, Ws1Action.ReadUsers,
                               $"search users on {_session.AccountName}", u => u.Id, _session.PageConcurrency, ct).ConfigureAwait(false))
            {
                yield return dto.ToUser(_session.AccountName);
            }
        }

        private static QueryString Query(UserSearch? filter)
        {
            filter = filter ?? new UserSearch();
            Ws1Limits.Check("UserName", filter.UserName);
            Ws1Limits.Check("Email", filter.Email);
            Ws1Limits.Check("FirstName", filter.FirstName);
            Ws1Limits.Check("LastName", filter.LastName);
            Ws1Limits.Check("Role", filter.Role);
            return new QueryString()
                .Add("username", filter.UserName)
                .Add("email", filter.Email)
                .Add("firstname", filter.FirstName)
                .Add("lastname", filter.LastName)
                .Add("locationgroupId", filter.OrganizationGroupId)
                .Add("role", filter.Role)
                .Add("status", filter.Status?.ToString());
        }
    
        public async Task<Ws1User> GetAsync(long id, CancellationToken ct)
        {
            var request = new ApiRequest(HttpMethod.Get, "system/users/" + Id(id), Ws1Action.ReadUsers, $"get user {id} on {_session.AccountName}");
            UserDto? dto = await _transport.SendAsync(request, reader => Ws1Json.Serializer.Deserialize<UserDto>(reader), ct).ConfigureAwait(false);
            if (dto == null)
                throw new Ws1ApiException(Ws1ErrorKind.NotFound, $"User {id} was not found on {_session.AccountName}.");
            return dto.ToUser(_session.AccountName);
        }

        /// <summary>Creates a user and returns its new id (the API answers {"Value": id}).</summary>
        public async Task<long> AddAsync(NewUser user, CancellationToken ct)
        {
            string? problem = user.FindProblem(out string? property);
            if (problem != null)
                throw new ArgumentException(problem, property);
            var body = new JObject
            {
                ["UserName"] = user.UserName,
                ["SecurityType"] = (int)user.SecurityType,
                ["Status"] = true,
            };
            if (user.SecurityType == Ws1SecurityType.Basic)
                AddIfSet(body, "Password", Secrets.Reveal(user.Password));
            AddIfSet(body, "Email", user.Email?.Trim());
            AddIfSet(body, "FirstName", user.FirstName);
            AddIfSet(body, "LastName", user.LastName);
            AddIfSet(body, "DisplayName", user.DisplayName);
            AddIfSet(body, "Role", user.Role);
            AddIfSet(body, "ContactNumber", user.ContactNumber);
            if (user.OrganizationGroupId.HasValue)
                body["LocationGroupId"] = Id(user.OrganizationGroupId.Value);
            var request = new ApiRequest(HttpMethod.Post, "system/users/adduser", Ws1Action.AddUser, $"add user '{user.UserName}' on {_session.AccountName}")
            {
                JsonBody = body.ToString(Newtonsoft.Json.Formatting.None),
            };
            long? id = await _transport.SendAsync(request, reader => (long?)new ValueIdConverter().ReadJson(reader, typeof(long), 0, false, Ws1Json.Serializer), ct).ConfigureAwait(false);
            if (!id.HasValue || id.Value <= 0)
                throw new Ws1ApiException(Ws1ErrorKind.EmptyResponse, $"The server accepted 'add user {user.UserName}' but did not return the new id; look the user up before adding it again.");
            return id.Value;
        }

        /// <summary>
        /// Changes the fields <paramref name="update"/> gives (one update call with just those fields), then moves the
        /// user to its organization group when that differs (changelocationgroup). Each call is sent once at most: a
        /// failure after the update says that the fields were changed, and nothing more is sent for this user.
        /// </summary>
        public async Task UpdateAsync(Ws1User user, Ws1UserUpdate update, CancellationToken ct)
        {
            if (user == null)
                throw new ArgumentNullException(nameof(user));
            if (update == null)
                throw new ArgumentNullException(nameof(update));
            Ws1ApiException? problem = update.FindProblem();
            if (problem != null)
                throw problem;
            string who = $"user '{user.UserName}' (id {user.Id}) on {_session.AccountName}";
            IReadOnlyList<KeyValuePair<string, string>> fields = update.Fields;
            if (fields.Count > 0)
            {
                var body = new JObject();
                foreach (KeyValuePair<string, string> field in fields)
                    body[field.Key] = field.Value;
                var request = new ApiRequest(HttpMethod.Post, $"system/users/{Id(user.Id)}/update", Ws1Action.EditUser,
                    $"update {string.Join(", ", fields.Select(f => f.Key))} of {who}")
                {
                    JsonBody = body.ToString(Newtonsoft.Json.Formatting.None),
                };
                await _transport.SendAsync<object>(request, null, ct).ConfigureAwait(false);
            }
            if (update.MovesNothing(user))
                return;
            long target = update.OrganizationGroupId!.Value; // MovesNothing is false only for an update that names a group
            var move = new ApiRequest(HttpMethod.Post, new QueryString().Add("targetLG", target).AppendTo($"system/users/{Id(user.Id)}/changelocationgroup"), Ws1Action.EditUser,
                $"move {who} to organization group {Id(target)}");
            try
            {
                await _transport.SendAsync<object>(move, null, ct).ConfigureAwait(false);
            }
            catch (Ws1ApiException ex) when (fields.Count > 0)
            {
                throw new Ws1ApiException(ex.Kind, $"The fields of {who} were changed, but the move failed: {ex.Message}", ex.StatusCode, ex.ErrorCode, ex.CorrelationId, ex);
            }
        }

        /// <summary>Users whose user name equals <paramref name="userName"/>, ignoring case; the API's filter alone matches partially.</summary>
        public async Task<List<Ws1User>> FindByUserNameAsync(string userName, CancellationToken ct)
        {
            var found = new List<Ws1User>();
            await foreach (Ws1User user in SearchAsync(new UserSearch { UserName = userName }, ct).ConfigureAwait(false))
            {
                if (string.Equals(user.UserName, userName, StringComparison.OrdinalIgnoreCase))
                    found.Add(user);
            }
            return found;
        }

        /// <summary>The most users one bulk call names; longer lists go in several calls.</summary>
        public const int MaxBulkItems = 500;

        /// <summary>Activates users: an active user holds a license.</summary>
        public Task<Ws1UserChangeResult> ActivateAsync(IReadOnlyList<Ws1User> users, CancellationToken ct) => ChangeAsync(Ws1UserChange.Activate, users, ct);

        /// <summary>Deactivates users, which frees their licenses.</summary>
        public Task<Ws1UserChangeResult> DeactivateAsync(IReadOnlyList<Ws1User> users, CancellationToken ct) => ChangeAsync(Ws1UserChange.Deactivate, users, ct);

        /// <summary>
        /// Deletes, activates or deactivates users: one user by its own call, more in bulk calls of at most
        /// <see cref="MaxBulkItems"/>. A user's failure is reported in the result, not thrown.
        /// </summary>
        public async Task<Ws1UserChangeResult> ChangeAsync(Ws1UserChange kind, IReadOnlyList<Ws1User> users, CancellationToken ct)
        {
            UserChange change = UserChange.Of(kind);
            var result = new Ws1UserChangeResult();
            // The same user twice in one bulk call would fail the second time as "not found".
            List<Ws1User> distinct = users.GroupBy(u => u.Id).Select(g => g.First()).ToList();
            for (int start = 0; start < distinct.Count; start += MaxBulkItems)
            {
                List<Ws1User> chunk = distinct.GetRange(start, Math.Min(MaxBulkItems, distinct.Count - start));
                if (chunk.Count == 1)
                    await ChangeOneAsync(chunk[0], change, result, ct).ConfigureAwait(false);
                else
                    await ChangeManyAsync(chunk, change, result, ct).ConfigureAwait(false);
            }
            return result;
        }

        private async Task ChangeOneAsync(Ws1User user, UserChange change, Ws1UserChangeResult result, CancellationToken ct)
        {
            var request = new ApiRequest(change.SingleMethod, $"system/users/{Id(user.Id)}/{change.Verb}", change.Action,
                $"{change.Verb} user '{user.UserName}' (id {user.Id}) on {_session.AccountName}");
            try
            {
                await _transport.SendAsync<object>(request, null, ct).ConfigureAwait(false);
                result.Changed.Add(change.Apply(user));
            }
            catch (Ws1ApiException ex)
            {
                result.Failed.Add(new Ws1UserChangeFailure(user, ex));
            }
        }

        private async Task ChangeManyAsync(List<Ws1User> chunk, UserChange change, Ws1UserChangeResult result, CancellationToken ct)
        {
            var request = new ApiRequest(HttpMethod.Post, "system/users/" + change.Verb, change.Action,
                $"{change.Verb} {chunk.Count} users (bulk) on {_session.AccountName}")
            {
                JsonBody = BulkCall.Body(chunk.Select(u => u.Id)),
            };
            Ws1BulkCommandResponse? response;
            try
            {
                response = await BulkCall.SendAsync(_transport, request, ct).ConfigureAwait(false);
            }
            catch (Ws1ApiException ex)
            {
                foreach (Ws1User user in chunk)
                    result.Failed.Add(new Ws1UserChangeFailure(user, ex));
                return;
            }

            BulkOutcome outcome = BulkOutcome.Of(response, chunk.Select(u => BulkCall.Item(u.Id)).ToList());
            foreach (Ws1User user in chunk)
            {
                string who = $"user '{user.UserName}' (id {user.Id}) on {_session.AccountName}";
                Ws1BulkFault? fault = outcome.FaultOf(BulkCall.Item(user.Id));
                if (fault != null)
                    result.Failed.Add(new Ws1UserChangeFailure(user, outcome.FaultError(fault, $"{change.Verb} {who}")));
                else if (outcome.OthersDone)
                    result.Changed.Add(change.Apply(user));
                else
                    result.Failed.Add(new Ws1UserChangeFailure(user, outcome.UnknownError($"{who} was {change.Past}", "the user")));
            }
        }

        /// <summary>A deletion or status change: its single and bulk paths differ only by the verb.</summary>
        private sealed class UserChange
        {
            private static readonly UserChange Delete = new UserChange("delete", "deleted", HttpMethod.Delete, Ws1Action.DeleteUser, null);
            private static readonly UserChange Activate = new UserChange("activate", "activated", HttpMethod.Post, Ws1Action.EditUser, Ws1UserStatus.Active);
            private static readonly UserChange Deactivate = new UserChange("deactivate", "deactivated", HttpMethod.Post, Ws1Action.EditUser, Ws1UserStatus.Inactive);

            private UserChange(string verb, string past, HttpMethod singleMethod, Ws1Action action, Ws1UserStatus? newStatus)
            {
                Verb = verb;
                Past = past;
                SingleMethod = singleMethod;
                Action = action;
                NewStatus = newStatus;
            }

            public string Verb { get; }
            public string Past { get; }
            public HttpMethod SingleMethod { get; }
            public Ws1Action Action { get; }
            private Ws1UserStatus? NewStatus { get; }

            public static UserChange Of(Ws1UserChange kind) =>
                kind == Ws1UserChange.Delete ? Delete : kind == Ws1UserChange.Activate ? Activate : Deactivate;

            public Ws1User Apply(Ws1User user) => NewStatus.HasValue ? user.WithStatus(NewStatus.Value) : user;
        }

        private static void AddIfSet(JObject body, string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
                body[name] = value;
        }

        private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
    }
}
