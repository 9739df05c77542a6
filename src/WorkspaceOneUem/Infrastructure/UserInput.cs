using System;
using System.Globalization;
using System.Management.Automation;
using WorkspaceOneUem.Client.Resolution;

namespace WorkspaceOneUem.Infrastructure
{
    /// <summary>
    /// The user a piped object names: a user this module read from the server (used as it is), a user name
    /// (a string), an id (a number), or any object with Id and/or UserName properties, and optionally Email
    /// and AccountName, such as a CSV row or a deserialized user.
    /// </summary>
    /// <remarks>
    /// The user cmdlets bind pipeline input as PSObject and read it here: a string parameter bound by value
    /// would take any object as its text ("@{UserName=ann}"), and a Ws1User parameter would refuse a CSV row
    /// with extra columns.
    /// </remarks>
    internal sealed class UserInput
    {
        private string? _idProblem;

        private UserInput(object target)
        {
            Target = target;
        }

        /// <summary>Set when the object is a user read from the server: no lookup is needed.</summary>
        public Ws1User? User { get; private set; }

        public long? Id { get; private set; }
        public string? UserName { get; private set; }
        public string? Email { get; private set; }
        public string? AccountName { get; private set; }

        /// <summary>The object as piped, for error records.</summary>
        public object Target { get; }

        public static UserInput From(PSObject input)
        {
            object value = input.BaseObject;
            if (value is Ws1User user)
            {
                UserReference piped = UserReference.ForUser(user);
                return new UserInput(user)
                {
                    User = piped.User,
                    Id = piped.Id,
                    UserName = piped.UserName,
                    Email = piped.Email,
                    AccountName = piped.AccountName,
                };
            }
            if (value is string name)
                return new UserInput(name) { UserName = Blank(name) };
            if (value is int || value is long)
                return new UserInput(value) { Id = Convert.ToInt64(value, CultureInfo.InvariantCulture) };

            var parsed = new UserInput(value)
            {
                UserName = Text(input, "UserName"),
                Email = Text(input, "Email"),
                AccountName = Text(input, "AccountName"),
            };
            string? id = Text(input, "Id");
            if (id != null)
            {
                if (long.TryParse(id, NumberStyles.Integer, CultureInfo.InvariantCulture, out long number))
                    parsed.Id = number;
                else
                    parsed._idProblem = $"Its Id '{id}' is not a number.";
            }
            return parsed;
        }

        /// <summary>
        /// The error for an object that names no user, or null. An email address alone names users to read, not to
        /// change: several users may share one.
        /// </summary>
        public ErrorRecord? Invalid(bool emailIsEnough)
        {
            string? problem = _idProblem;
            if (problem == null && Id.HasValue && Id.Value <= 0)
                problem = $"Its Id {Id} is not a user id.";
            if (problem == null && !Id.HasValue && UserName == null && !(emailIsEnough && Email != null))
                problem = emailIsEnough ? "It has no Id, UserName or Email." : "It has neither an Id nor a UserName (an email address may be shared by several users).";
            return problem == null ? null : new ErrorRecord(
                new ArgumentException($"'{Target}' names no user. {problem} Pipe users from Get-Ws1User, user names, or objects with an Id or UserName property."),
                "Ws1.InvalidUserInput", ErrorCategory.InvalidArgument, Target);
        }

        /// <summary>The reference the client resolves: a user read from the server as it is, else its keys and account.</summary>
        public UserReference ToReference() => new UserReference(Target)
        {
            User = User,
            Id = Id,
            UserName = UserName,
            Email = Email,
            AccountName = AccountName,
        };

        /// <summary>How the input names its user, for messages: "user 'ann' (ann@x.example)", "user id 42".</summary>
        public override string ToString()
        {
            string who = UserName != null ? $"user '{UserName}'" : $"user id {Id}";
            return Email != null ? $"{who} ({Email})" : who;
        }

        private static string? Text(PSObject input, string property)
        {
            object? value = input.Properties[property]?.Value;
            return value == null ? null : Blank(LanguagePrimitives.ConvertTo<string>(value));
        }

        private static string? Blank(string? text) => text == null || string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }
}
