using System;
using System.Management.Automation;

namespace WorkspaceOneUem.Infrastructure
{
    /// <summary>
    /// An exact (case-insensitive) or wildcard match on a name. The API's own filters match partially
    /// ('ann@x.com' finds 'joann@x.com'), so results are always checked here as well.
    /// </summary>
    internal sealed class NameFilter
    {
        private readonly string _value;
        private readonly WildcardPattern _pattern;

        public NameFilter(string value)
            : this(value, literal: false)
        {
        }

        private NameFilter(string value, bool literal)
        {
            _value = value;
            if (!literal && WildcardPattern.ContainsWildcardCharacters(value))
                _pattern = WildcardPattern.Get(value, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
        }

        /// <summary>An exact match even when the name holds wildcard characters: what a destructive action needs.</summary>
        public static NameFilter Exact(string value) => new NameFilter(value, literal: true);

        public bool IsWildcard => _pattern != null;

        /// <summary>The text to send as the server-side filter: the value itself, or its longest literal run.</summary>
        public string ServerFilter
        {
            get
            {
                if (_pattern == null)
                    return _value;
                string longest = string.Empty;
                foreach (string part in _value.Split('*', '?', '[', ']'))
                {
                    if (part.Length > longest.Length)
                        longest = part;
                }
                return longest.Length > 0 ? longest.Replace("`", string.Empty) : null;
            }
        }

        public bool Matches(string candidate)
        {
            if (candidate == null)
                return false;
            return _pattern != null ? _pattern.IsMatch(candidate) : string.Equals(_value, candidate, StringComparison.OrdinalIgnoreCase);
        }

        public override string ToString() => _value;
    }
}
