using System.Text;

namespace WorkspaceOneUem.Client
{
    /// <summary>
    /// The API's name and email filters match partially ("contains"), so a wildcard pattern can be narrowed on the
    /// server by text every match must contain, and by nothing more: a filter that narrows more than the pattern
    /// loses users the pattern matches. That text is a run of literal characters the pattern's *, ? and [..] sets
    /// do not break; a backtick makes the next character literal, as in PowerShell's wildcards.
    /// </summary>
    public static class WildcardLiterals
    {
        /// <summary>The longest literal run of <paramref name="pattern"/> (unescaped), or null when it has none ('[a-z]*').</summary>
        public static string? LongestRun(string pattern)
        {
            string longest = string.Empty;
            var run = new StringBuilder();
            for (int i = 0; i < pattern.Length; i++)
            {
                char c = pattern[i];
                if (c == '`' && i + 1 < pattern.Length)
                {
                    run.Append(pattern[++i]);
                    continue;
                }
                if (c == '*' || c == '?' || c == '[')
                {
                    if (run.Length > longest.Length)
                        longest = run.ToString();
                    run.Clear();
                    if (c == '[')
                        i = EndOfSet(pattern, i);
                    continue;
                }
                // A lone trailing backtick, and ']' outside a set, are literal, as PowerShell reads them.
                run.Append(c);
            }
            if (run.Length > longest.Length)
                longest = run.ToString();
            return longest.Length > 0 ? longest : null;
        }

        // The index of the ']' closing the set opened at 'open'. A ']' right after '[' is a member, and a backtick
        // escapes inside a set too ('[]a]', '[a`]]'), as in PowerShell.
        private static int EndOfSet(string pattern, int open)
        {
            int i = open + 1;
            if (i < pattern.Length && pattern[i] == ']')
                i++;
            for (; i < pattern.Length; i++)
            {
                if (pattern[i] == '`')
                    i++;
                else if (pattern[i] == ']')
                    return i;
            }
            return pattern.Length;
        }
    }
}
