using WorkspaceOneUem.Client;
using Xunit;

namespace WorkspaceOneUem.Tests
{
    /// <summary>The server-side pre-filter derived from a wildcard pattern, without a runspace or a server.</summary>
    public sealed class WildcardLiteralsTests
    {
        [Theory]
        [InlineData("[a-z]*", null)]                 // nothing every match contains
        [InlineData("*", null)]
        [InlineData("?", null)]
        [InlineData("[abc]", null)]
        [InlineData("mark*", "mark")]
        [InlineData("*williams*", "williams")]
        [InlineData("?ark*", "ark")]
        [InlineData("m?rk.willi*", "rk.willi")]        // the longest run wins
        [InlineData("ab[cd]efgh", "efgh")]             // a set ends a run; its members are never sent
        [InlineData("abcd[ef]g", "abcd")]
        [InlineData("x[]abc]yz", "yz")]                 // ']' right after '[' is a member, not the end of the set
        [InlineData("x[a`]bc]yz", "yz")]                // an escaped ']' inside a set is a member too
        [InlineData("a`[b*", "a[b")]                    // escaped characters are literal, sent without the backtick
        [InlineData("`*star`?*", "*star?")]
        [InlineData("a``b*", "a`b")]
        [InlineData("ab`", "ab`")]                      // a trailing backtick is a literal backtick
        [InlineData("a]b*", "a]b")]                     // ']' outside a set is literal
        public void The_longest_literal_run_is_sent_and_nothing_a_match_may_lack(string pattern, string expected)
        {
            Assert.Equal(expected, WildcardLiterals.LongestRun(pattern));
        }
    }
}
