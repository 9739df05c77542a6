using System;
using System.Management.Automation;
using WorkspaceOneUem.Client;
using WorkspaceOneUem.Infrastructure;

namespace WorkspaceOneUem.Cmdlets
{
    /// <summary>
    /// Send-Ws1DeviceMessage: sends a push notification, an email or an SMS to the given devices, or to every enrolled
    /// device of the given users. The message is checked against the API's limits before anything is sent
    /// (<see cref="DeviceMessage"/>), and goes out in bulk requests of at most the tenant's SendMessage limit.
    /// ConfirmImpact Medium: a message reaches people and cannot be called back.
    /// </summary>
    [Cmdlet(VerbsCommunications.Send, "Ws1DeviceMessage", DefaultParameterSetName = NameSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpLinks.Base + "Send-Ws1DeviceMessage.md")]
    [OutputType(typeof(Ws1DeviceCommandResult))]
    public sealed class SendWs1DeviceMessage : DeviceActionCmdlet
    {
        private DeviceMessage? _message;

        /// <summary>The text: at most 2,000 characters for push, 4,000 for email, 160 for SMS.</summary>
        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string Message { get; set; } = null!; // Mandatory in every parameter set: bound before ProcessRecord

        [Parameter]
        public Ws1MessageType Type { get; set; } = Ws1MessageType.Push;

        /// <summary>The subject of an email (at most 255 characters).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Subject { get; set; }

        /// <summary>The application a push message is shown as coming from (at most 255 characters).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ApplicationName { get; set; }

        // BeginProcessing makes the message, or stops the command.
        protected override Ws1DeviceCommand Command => _message!.Command;

        protected override DeviceMessage? CommandMessage => _message;

        protected override void BeginProcessing()
        {
            try
            {
                _message = DeviceMessage.Create(Type, Message, Subject, ApplicationName);
            }
            catch (Ws1ApiException ex)
            {
                ThrowTerminatingError(ErrorFrom(ex, Message));
            }
            catch (ArgumentException ex)
            {
                // The client's text without its "(Parameter 'subject')" suffix: the user gave -Subject, not 'subject'.
                ThrowTerminatingError(new ErrorRecord(new ArgumentException(ex.Message.Split(new[] { " (Parameter" }, StringSplitOptions.None)[0], ex),
                    "Ws1.InvalidMessage", ErrorCategory.InvalidArgument, Message));
            }
        }
    }
}
