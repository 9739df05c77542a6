using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using WorkspaceOneUem.Client.Json;
using WorkspaceOneUem.Client.Http;
using WorkspaceOneUem.Client.Models;

namespace WorkspaceOneUem.Client
{
    /// <summary>Server-side filters for a user search. The API matches them partially.</summary>
    public sealed class UserSearch
    {
        public string UserName { get; set; }
        public string Email { get; set; }
        public string FirstName { get; set; }
        public string LastName { get; set; }
        public Ws1UserStatus? Status { get; set; }
        public long? OrganizationGroupId { get; set; }
        public string Role { get; set; }
    }

    /// <summary>Enrollment users (system v1, ws1-uem-api.md §3).</summary>
    public sealed class UserApi
    {
        private readonly Ws1Session _session;
        private readonly Ws1Transport _transport;

        internal UserApi(Ws1Session session, Ws1Transport transport)
        {
            _session = session;
            _transport = transport;
        }

        /// <summary>Every user matching the filters, page after page; stops fetching when the caller stops reading.</summary>
        public IEnumerable<Ws1User> Search(UserSearch filter, CancellationToken ct)
        {
            filter = filter ?? new UserSearch();
            var query = new QueryString()
                .Add("username", filter.UserName)
                .Add("email", filter.Email)
                .Add("firstname", filter.FirstName)
                .Add("lastname", filter.LastName)
                .Add("locationgroupId", filter.OrganizationGroupId)
                .Add("role", filter.Role)
                .Add("status", filter.Status?.ToString());
            foreach (UserDto dto in PagedSearch.Read<UserSearchPage, UserDto>(_transport, "system/users/search", query, Ws1Action.ReadUsers,
                         $"search users on {_session.AccountName}", u => u.Id, _session.PageConcurrency, ct))
            {
                yield return dto.ToUser(_session.AccountName);
            }
        }
    
        public async Task<Ws1User> GetAsync(long id, CancellationToken ct)
        {
            var request = new ApiRequest(HttpMethod.Get, "system/users/" + Id(id), Ws1Action.ReadUsers, $"get user {id} on {_session.AccountName}");
            UserDto dto = await _transport.SendAsync(request, reader => Ws1Json.Serializer.Deserialize<UserDto>(reader), ct).ConfigureAwait(false);
            if (dto == null)
                throw new Ws1ApiException(Ws1ErrorKind.NotFound, $"User {id} was not found on {_session.AccountName}.");
            return dto.ToUser(_session.AccountName);
        }

        /// <summary>Creates a user and returns its new id (the API answers {"Value": id}).</summary>
        public async Task<long> AddAsync(NewUser user, CancellationToken ct)
        {
            var body = new JObject
            {
                ["UserName"] = user.UserName,
                ["SecurityType"] = (int)user.SecurityType,
                ["Status"] = true,
            };
            AddIfSet(body, "Password", user.Password == null ? null : Secrets.Reveal(user.Password));
            AddIfSet(body, "Email", user.Email);
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

        public Task DeleteAsync(Ws1User user, CancellationToken ct) =>
            SendWrite(HttpMethod.Delete, $"system/users/{Id(user.Id)}/delete", Ws1Action.DeleteUser, $"delete user '{user.UserName}' (id {user.Id}) on {_session.AccountName}", ct);

        public Task ActivateAsync(Ws1User user, CancellationToken ct) =>
            SendWrite(HttpMethod.Post, $"system/users/{Id(user.Id)}/activate", Ws1Action.EditUser, $"activate user '{user.UserName}' (id {user.Id}) on {_session.AccountName}", ct);

        public Task DeactivateAsync(Ws1User user, CancellationToken ct) =>
            SendWrite(HttpMethod.Post, $"system/users/{Id(user.Id)}/deactivate", Ws1Action.EditUser, $"deactivate user '{user.UserName}' (id {user.Id}) on {_session.AccountName}", ct);

        private Task SendWrite(HttpMethod method, string path, Ws1Action action, string operation, CancellationToken ct) =>
            _transport.SendAsync<object>(new ApiRequest(method, path, action, operation), null, ct);

        private static void AddIfSet(JObject body, string name, string value)
        {
            if (!string.IsNullOrEmpty(value))
                body[name] = value;
        }

        private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
    }
}
