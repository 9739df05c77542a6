using System;
using System.Management.Automation;
using WorkspaceOneUem.Client;

namespace WorkspaceOneUem.Infrastructure
{
    /// <summary>
    /// An exact (case-insensitive) or wildcard match on a name. The API's own filters match partially
    /// ('ann@x.com' finds 'joann@x.com'), so results are always checked here as well.
    /// </summary>
    internal sealed class NameFilter
    {
        private readonly string _value;
        private readonly WildcardPattern? _pattern;

        private NameFilter(string value, WildcardPattern? pattern)
        {
            _value = value;
            _pattern = pattern;
        }

        /// <summary>
        /// A name as PowerShell wildcards read it: with *, ? or [..], or with a backtick escaping the next character
        /// ('a`[b' is the name 'a[b'), it is a pattern; otherwise an exact name. A pattern PowerShell rejects ('a[b')
        /// is an <see cref="InvalidWildcardException"/> naming <paramref name="parameter"/>.
        /// </summary>
        public static NameFilter Parse(string parameter, string value)
        {
            if (!WildcardPattern.ContainsWildcardCharacters(value) && value.IndexOf('`') < 0)
                return new NameFilter(value, null);
            WildcardPattern pattern = WildcardPattern.Get(value, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
            try
            {
                // The pattern is parsed on first use: use it now, so a bad one fails here and not mid-listing.
                pattern.IsMatch(string.Empty);
            }
            catch (WildcardPatternException ex)
            {
                throw new InvalidWildcardException(parameter, value, ex);
            }
            return new NameFilter(value, pattern);
        }

        /// <summary>An exact match even when the name holds wildcard characters: what a destructive action needs.</summary>
        public static NameFilter Exact(string value) => new NameFilter(value, null);

        public bool IsWildcard => _pattern != null;

        /// <summary>
        /// The text to send as the server-side filter, which matches partially ("contains"), or null for none: the
        /// exact name itself, or the longest literal run of the pattern (see <see cref="WildcardLiterals"/>).
        /// </summary>
        public string? ServerFilter => _pattern == null ? _value : WildcardLiterals.LongestRun(_value);

        public bool Matches(string? candidate)
        {
            if (candidate == null)
                return false;
            return _pattern != null ? _pattern.IsMatch(candidate) : string.Equals(_value, candidate, StringComparison.OrdinalIgnoreCase);
        }

        public override string ToString() => _value;
    }

    /// <summary>A wildcard pattern PowerShell rejects, given to a parameter (or input property) that takes wildcards.</summary>
    internal sealed class InvalidWildcardException : ArgumentException
    {
        public InvalidWildcardException(string parameter, string pattern, Exception inner)
            : base($"{parameter} '{pattern}' is not a valid wildcard pattern: a '[' opens a set that must be closed by ']' and hold at least one character. " +
                   "To match a literal '[' or ']', escape it with a backtick (in single quotes 'a`[b'; in double quotes \"a``[b\"), or close the set ('a[bc]*'). See about_Wildcards.",
                inner)
        {
            Parameter = parameter;
            Pattern = pattern;
        }

        /// <summary>The parameter as the message names it ("-UserName"), or the input property.</summary>
        public string Parameter { get; }

        public string Pattern { get; }

        public ErrorRecord ToErrorRecord() => new ErrorRecord(this, "Ws1.InvalidWildcard", ErrorCategory.InvalidArgument, Pattern);
    }
}
