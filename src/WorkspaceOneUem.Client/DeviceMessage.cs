using System;
using System.Globalization;
using Newtonsoft.Json.Linq;

namespace WorkspaceOneUem
{
    /// <summary>How a message reaches a device's user.</summary>
    public enum Ws1MessageType
    {
        /// <summary>A notification through the device's agent (Intelligent Hub).</summary>
        Push,

        /// <summary>An email to the device's user.</summary>
        Email,

        /// <summary>A text message to the device's phone number.</summary>
        Sms,
    }
}

namespace WorkspaceOneUem.Client
{
    /// <summary>
    /// A message for devices: its type, text and the fields that type takes. The longest texts the API takes are
    /// kept here, in one place, and checked before anything is sent (docs/api-behaviour.md §11: the simulator's
    /// choice, as the public material names no limits).
    /// </summary>
    public sealed class DeviceMessage
    {
        /// <summary>The longest subject (email) and application name (push).</summary>
        public const int MaxSubjectLength = 255;
        public const int MaxApplicationNameLength = 255;

        private DeviceMessage(Ws1MessageType type, string body, string? subject, string? applicationName)
        {
            Type = type;
            Body = body;
            Subject = subject;
            ApplicationName = applicationName;
        }

        public Ws1MessageType Type { get; }
        public string Body { get; }
        public string? Subject { get; }
        public string? ApplicationName { get; }

        /// <summary>The longest message text of each type: SMS 160, push 2,000, email 4,000 characters.</summary>
        public static int MaxBodyLength(Ws1MessageType type)
        {
            switch (type)
            {
                case Ws1MessageType.Sms: return 160;
                case Ws1MessageType.Push: return 2000;
                default: return 4000;
            }
        }

        /// <summary>
        /// A message that the API will take, or an exception before anything is sent: ArgumentException for a missing
        /// text or a field the type does not take; ValueTooLong naming the limit for a text that is too long.
        /// </summary>
        public static DeviceMessage Create(Ws1MessageType type, string body, string? subject = null, string? applicationName = null)
        {
            if (string.IsNullOrWhiteSpace(body))
                throw new ArgumentException("A message needs a text.", nameof(body));
            if (subject != null && type != Ws1MessageType.Email)
                throw new ArgumentException($"A subject goes with an email only; {Spoken(type)} has none. Leave it out, or send an email.", nameof(subject));
            if (applicationName != null && type != Ws1MessageType.Push)
                throw new ArgumentException($"An application name goes with a push message only; {Spoken(type)} has none. Leave it out, or send a push message.", nameof(applicationName));
            CheckLength(type, "message text", body, MaxBodyLength(type));
            CheckLength(type, "subject", subject, MaxSubjectLength);
            CheckLength(type, "application name", applicationName, MaxApplicationNameLength);
            return new DeviceMessage(type, body, subject, applicationName);
        }

        private static void CheckLength(Ws1MessageType type, string field, string? text, int max)
        {
            if (text != null && text.Length > max)
            {
                throw new Ws1ApiException(Ws1ErrorKind.ValueTooLong, string.Format(CultureInfo.InvariantCulture,
                    "The {0} of {1} is {2:N0} characters long; Workspace ONE UEM takes at most {3:N0}. Nothing was sent: shorten it{4}.",
                    field, Spoken(type), text.Length, max,
                    type == Ws1MessageType.Sms && field == "message text" ? ", or send it as an email (4,000) or a push message (2,000)" : string.Empty));
            }
        }

        /// <summary>The command a result names for this message.</summary>
        public Ws1DeviceCommand Command =>
            Type == Ws1MessageType.Push ? Ws1DeviceCommand.PushMessage : Type == Ws1MessageType.Email ? Ws1DeviceCommand.EmailMessage : Ws1DeviceCommand.SmsMessage;

        /// <summary>The last part of the message path: messages/push, messages/email, messages/sms (bulk: bulkpush ...).</summary>
        internal string PathName => Name(Type);

        /// <summary>The body fields of the message; a bulk message sends them next to BulkValues.</summary>
        internal JObject Fields()
        {
            var fields = new JObject { ["MessageBody"] = Body };
            if (Subject != null)
                fields["Subject"] = Subject;
            if (ApplicationName != null)
                fields["ApplicationName"] = ApplicationName;
            return fields;
        }

        private static string Name(Ws1MessageType type) => type.ToString().ToLowerInvariant();

        private static string Spoken(Ws1MessageType type) =>
            type == Ws1MessageType.Sms ? "an SMS" : type == Ws1MessageType.Push ? "a push message" : "an email";
    }
}
