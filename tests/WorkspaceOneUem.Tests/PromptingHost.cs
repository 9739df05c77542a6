using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace WorkspaceOneUem.Tests
{
    /// <summary>
    /// A host that answers confirmation prompts as a person would, through <see cref="Answer"/>, so a test can
    /// say Yes to some items and No to others. Everything else a console host does is refused or ignored.
    /// </summary>
    public sealed class PromptingHost : PSHost
    {
        private readonly PromptingUI _ui;

        /// <param name="answer">Given the prompt's message and choices, returns the index of the choice picked.</param>
        public PromptingHost(Func<string, Collection<ChoiceDescription>, int> answer) => _ui = new PromptingUI(answer);

        public override string Name => "WorkspaceOneUem.Tests.PromptingHost";
        public override Version Version => new Version(1, 0);
        public override Guid InstanceId { get; } = Guid.NewGuid();
        public override PSHostUserInterface UI => _ui;

        /// <summary>What was written to the host as warning lines (where a command reports after Ctrl+C).</summary>
        public IReadOnlyList<string> WarningLines => _ui.WarningLines;

        /// <summary>What was written to the host as plain lines (where -WhatIf says what it would do).</summary>
        public IReadOnlyList<string> Lines => _ui.Lines;
        public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
        public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;
        public override void SetShouldExit(int exitCode) { }
        public override void EnterNestedPrompt() => throw new NotSupportedException();
        public override void ExitNestedPrompt() => throw new NotSupportedException();
        public override void NotifyBeginApplication() { }
        public override void NotifyEndApplication() { }

        private sealed class PromptingUI : PSHostUserInterface
        {
            private readonly Func<string, Collection<ChoiceDescription>, int> _answer;

            public PromptingUI(Func<string, Collection<ChoiceDescription>, int> answer) => _answer = answer;

            public List<string> WarningLines { get; } = new List<string>();
            public List<string> Lines { get; } = new List<string>();

            public override PSHostRawUserInterface RawUI => null;
            public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice) => _answer(message, choices);
            public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) => throw new NotSupportedException();
            public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw new NotSupportedException();
            public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw new NotSupportedException();
            public override string ReadLine() => throw new NotSupportedException();
            public override SecureString ReadLineAsSecureString() => throw new NotSupportedException();
            public override void Write(string value) { }
            public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) { }
            public override void WriteLine(string value)
            {
                lock (Lines)
                    Lines.Add(value);
            }
            public override void WriteErrorLine(string value) { }
            public override void WriteDebugLine(string message) { }
            public override void WriteProgress(long sourceId, ProgressRecord record) { }
            public override void WriteVerboseLine(string message) { }
            public override void WriteWarningLine(string message)
            {
                lock (WarningLines)
                    WarningLines.Add(message);
            }
        }
    }
}
