using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using WorkspaceOneUem.Client;

namespace WorkspaceOneUem.Infrastructure
{
    /// <summary>Completes a parameter from a closed set of values, in the API's spelling, matching what was typed as a prefix.</summary>
    public abstract class VocabularyCompleter : IArgumentCompleter
    {
        protected abstract IEnumerable<string> Values { get; }

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string typed = Completion.Unquote(wordToComplete);
            return Values
                .Where(v => v.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
                .Select(v => new CompletionResult(Completion.Quote(v), v, CompletionResultType.ParameterValue, v));
        }
    }

    public sealed class DevicePlatformCompleter : VocabularyCompleter
    {
        protected override IEnumerable<string> Values => Ws1Vocabulary.DevicePlatforms;
    }

    public sealed class EnrollmentStatusCompleter : VocabularyCompleter
    {
        protected override IEnumerable<string> Values => Ws1Vocabulary.EnrollmentStatuses;
    }
}
