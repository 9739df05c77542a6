using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using WorkspaceOneUem.Client;

namespace WorkspaceOneUem.Infrastructure
{
    /// <summary>Completes -AccountName from the sessions connected in this runspace.</summary>
    public sealed class AccountNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string typed = Completion.Unquote(wordToComplete);
            var pattern = WildcardPattern.Get(typed + "*", WildcardOptions.IgnoreCase);
            string? defaultName = Ws1SessionRegistry.Current.DefaultAccountName;
            foreach (Ws1Session session in Ws1SessionRegistry.Current.All().Where(s => pattern.IsMatch(s.AccountName)))
            {
                string tip = $"{session.Server} as {session.Principal}" + (session.AccountName == defaultName ? " (default)" : string.Empty);
                yield return new CompletionResult(Completion.Quote(session.AccountName), session.AccountName, CompletionResultType.ParameterValue, tip);
            }
        }
    }

    internal static class Completion
    {
        public static string Unquote(string word) => (word ?? string.Empty).Trim('\'', '"');

        /// <summary>Quotes a value that would not survive the command line bare (spaces, quotes, wildcards).</summary>
        public static string Quote(string value) =>
            value.IndexOfAny(new[] { ' ', '\'', '"', '$', '`', '(', ')', '{', '}', ';', ',', '&', '|', '@', '#' }) >= 0
                ? "'" + value.Replace("'", "''") + "'"
                : value;
    }
}
