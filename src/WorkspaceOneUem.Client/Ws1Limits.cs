using System.Globalization;

namespace WorkspaceOneUem.Client
{
    /// <summary>
    /// The longest values the module sends, in one place. The API documents no length for its name, email and search
    /// fields; 255 characters, the usual size of such a column, is the limit chosen. It also keeps a search's URL well
    /// under what a server's front end accepts (a longer one is refused with 414 before the API reads it).
    /// </summary>
    public static class Ws1Limits
    {
        /// <summary>User names, emails, first and last names, roles, app names and bundle ids.</summary>
        public const int MaxTextLength = 255;

        /// <summary>Why <paramref name="value"/> is too long to send as <paramref name="name"/>, or null when it is not.</summary>
        public static string? FindTooLong(string name, string? value) =>
            value == null || value.Length <= MaxTextLength
                ? null
                : string.Format(CultureInfo.InvariantCulture,
                    "{0} is {1:N0} characters long; Workspace ONE UEM takes at most {2:N0}. Nothing was sent: give a shorter value (a wildcard pattern such as 'name*' matches longer names).",
                    name, value.Length, MaxTextLength);

        /// <summary>A ValueTooLong error, before anything is sent, for a value longer than the API takes.</summary>
        internal static void Check(string name, string? value)
        {
            string? problem = FindTooLong(name, value);
            if (problem != null)
                throw new Ws1ApiException(Ws1ErrorKind.ValueTooLong, problem);
        }
    }
}
