using System.Diagnostics.CodeAnalysis;

namespace WorkspaceOneUem.Simulator;

/// <summary>
/// Writes on devices (mdm v1, plus v2 commands by uuid): commands one at a time, by another identifier and in
/// bulk; messages; deleting the device record. Accepted commands are queued (<see cref="DeviceLifecycle"/>).
/// </summary>
internal static class CommandEndpoints
{
    /// <summary>
    /// A command the simulator carries out: its name for one device, the role rows it needs, and its bulk name and
    /// the <c>bulksettings</c> key that caps it (null: no bulk form). SoftReset and Shutdown have a bulk form but no
    /// key of their own in <c>bulksettings</c>: the simulator caps them with LockDevice's limit.
    /// </summary>
    private sealed record CommandSpec(string Name, string[] Permissions, string? BulkName = null, string? BulkLimitKey = null);

    private static readonly CommandSpec[] Commands =
    {
        new("Lock", Permissions.Lock, "LockDevice", "LockDevice"),
        new("EnterpriseWipe", Permissions.Wipe, "EnterpriseWipe", "EnterpriseWipe"),
        new("DeviceWipe", Permissions.Wipe),
        new("DeviceQuery", Permissions.Query),
        new("SyncDevice", Permissions.Query),
        new("ClearPasscode", Permissions.ClearPasscode),
        new("SoftReset", Permissions.Reboot, "SoftReset", "LockDevice"),
        new("Shutdown", Permissions.Shutdown, "Shutdown", "LockDevice"),
    };

    /// <summary>A message kind: its path, its bulk path and the longest texts it takes (0: the field is not read).</summary>
    private sealed record MessageSpec(string Kind, string BulkName, string Command, int BodyMax, int SubjectMax, int ApplicationNameMax);

    private static readonly MessageSpec[] Messages =
    {
        new("push", "bulkpush", "PushMessage", BodyMax: 2000, SubjectMax: 0, ApplicationNameMax: 255),
        new("email", "bulkemail", "EmailMessage", BodyMax: 4000, SubjectMax: 255, ApplicationNameMax: 0),
        new("sms", "bulksms", "SmsMessage", BodyMax: 160, SubjectMax: 0, ApplicationNameMax: 0),
    };

    /// <summary>The v2 Lock's optional message to show on the device.</summary>
    private const int LockMessageMax = 256;

    private const string SingleSource = "ADMIN_ACTION";
    private const string BulkSource = "BULK_API_ACTION";

    public static void Register(Router r)
    {
        // Command permissions depend on the command, so the handlers check them.
        r.Post("/api/mdm/devices/commands/bulk", Permissions.None, BulkCommand);
        r.Post("/api/mdm/devices/commands", Permissions.None, CommandByAlternateId);
        r.Post("/api/mdm/devices/{id}/commands", Permissions.None, CommandById);
        r.Post("/api/mdm/devices/{*}/commands/{*}", Permissions.None, CommandV2);
        r.Post("/api/mdm/devices/{id}/messages/{*}", Permissions.SendMessage, MessageById);
        r.Post("/api/mdm/devices/messages/{*}", Permissions.SendMessage, BulkMessage);
        r.Delete("/api/mdm/devices/{id}", Permissions.DeleteDevice, DeleteById);
        r.Delete("/api/mdm/devices", Permissions.DeleteDevice, DeleteByAlternateId);
        r.Post("/api/mdm/devices/bulk", Permissions.DeleteDevice, BulkDelete);
    }

    // ---- commands --------------------------------------------------------------------------------

    /// <summary>What came with a command besides its name: only v2 carries a body.</summary>
    private readonly record struct CommandInput(bool IsV2, string? Pin, bool HasWipeOptions)
    {
        public static readonly CommandInput V1 = default;
    }

    private static CommandSpec? Find(string? name) =>
        Commands.FirstOrDefault(c => string.Equals(c.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));

    private static ApiResult Unsupported(ApiRequest r, string? name) =>
        r.Error(400, ErrorCodes.UnsupportedCommand, $"The command '{name}' is not valid for this endpoint.");

    private static ApiResult CommandById(ApiRequest r) => SingleCommand(r, () => r.Data.GetDevice(r.RouteLong(0)));

    private static ApiResult CommandByAlternateId(ApiRequest r)
    {
        var searchBy = r.Q("searchby");
        var invalid = DeviceEndpoints.CheckSearchBy(r, searchBy);
        return invalid ?? SingleCommand(r, () => r.Data.FindDevice(searchBy, r.Q("id")));
    }

    private static ApiResult SingleCommand(ApiRequest r, Func<DeviceRecord?> find)
    {
        var raw = r.Q("command");
        var spec = Find(raw);
        if (spec == null) return Unsupported(r, raw);
        if (!r.Has(spec.Permissions)) return r.Forbidden();
        var d = find();
        if (d == null) return r.NotFound("Device not found.");
        return Execute(r, d, spec, CommandInput.V1);
    }

    private static ApiResult CommandV2(ApiRequest r)
    {
        var spec = Find(r.RouteValues[1]);
        if (spec == null) return Unsupported(r, r.RouteValues[1]);
        if (!r.Has(spec.Permissions)) return r.Forbidden();
        var input = new CommandInput(IsV2: true, Pin: null, HasWipeOptions: false);
        if (r.Body != null && r.Body.Length > 0)
        {
            if (!r.TryParseBody(out var doc, out var error)) return error;
            using (doc)
            {
                var root = doc.RootElement;
                bool hasOptions = JsonUtil.TryGet(root, "deviceWipe", out var wipe);
                var pin = JsonUtil.GetText(root, "unlock_pin") ?? (hasOptions ? JsonUtil.GetText(wipe, "unlock_pin") : null);
                if (pin != null && (pin.Length != 6 || !pin.All(char.IsAsciiDigit))) return r.BadRequest("unlock_pin must be 6 digits.");
                var message = JsonUtil.GetText(root, "message");
                if (message != null && message.Length > LockMessageMax) return r.BadRequest($"message must be at most {LockMessageMax} characters; it has {message.Length}.");
                input = new CommandInput(IsV2: true, pin, hasOptions);
            }
        }
        var d = r.Data.FindDevice("uuid", r.RouteValues[0]);
        if (d == null) return r.NotFound("Device not found.");
        return Execute(r, d, spec, input);
    }

    /// <summary>Runs one command on one device: 202 when accepted, else the refusal.</summary>
    private static ApiResult Execute(ApiRequest r, DeviceRecord d, CommandSpec spec, CommandInput input)
    {
        var refusal = Refusal(d, spec, input);
        if (refusal != null) return r.Error(400, refusal.Value.Code, refusal.Value.Message);
        Carry(r, d, spec, SingleSource);
        return ApiResult.Empty(202);
    }

    private static (int Code, string Message)? NotEnrolled(DeviceRecord d) =>
        d.EnrollmentStatus == "Enrolled" ? null : (ErrorCodes.NotEnrolled, $"Device is not enrolled (enrollment status: {d.EnrollmentStatus}).");

    /// <summary>Why the device refuses the command, or null. Every platform refusal the simulator makes is here.</summary>
    private static (int Code, string Message)? Refusal(DeviceRecord d, CommandSpec spec, CommandInput input)
    {
        if (NotEnrolled(d) is { } notEnrolled) return notEnrolled;
        // Android turns down the v2 wipe options; the same call with an empty body ({}) goes through.
        if (spec.Name == "DeviceWipe" && input.HasWipeOptions && d.Platform == "Android")
            return (ErrorCodes.PlatformRefused, "The device wipe options are not supported on this Android device. Send the wipe without options.");
        if (d.RequiresUnlockPin && spec.Name is "Lock" or "DeviceWipe" && input.Pin == null)
            return (ErrorCodes.UnlockPinRequired, "This macOS device requires an unlock PIN for this command. Use the v2 command API and supply unlock_pin.");
        return null;
    }

    private static void Carry(ApiRequest r, DeviceRecord d, CommandSpec spec, string source)
    {
        if (DeviceLifecycle.IsWipe(spec.Name))
        {
            DeviceLifecycle.RequestWipe(r, d, spec.Name, source);
            return;
        }
        if (spec.Name == "Lock")
        {
            var state = r.Data.StateOf(d.Id);
            state.LockCount++;
            state.LastLockedAt = r.Now;
        }
        DeviceLifecycle.Queue(r.State, d.Id, spec.Name, r.Principal?.Name, r.Now);
    }

    private static ApiResult BulkCommand(ApiRequest r)
    {
        var raw = r.Q("command");
        var spec = Commands.FirstOrDefault(c => c.BulkName != null && string.Equals(c.BulkName, raw, StringComparison.OrdinalIgnoreCase));
        if (spec == null)
        {
            return r.Error(400, ErrorCodes.UnsupportedCommand, raw != null && raw.Equals("Lock", StringComparison.OrdinalIgnoreCase)
                ? "The bulk command 'Lock' is not valid; use 'LockDevice'."
                : $"The bulk command '{raw}' is not supported.");
        }
        // Every command with a bulk form has a limit key.
        return Bulk.OnDevices(r, spec.Permissions, spec.BulkLimitKey!, d =>
        {
            if (Refusal(d, spec, CommandInput.V1) is { } refusal) return refusal.Message;
            Carry(r, d, spec, BulkSource);
            return null;
        });
    }

    // ---- messages --------------------------------------------------------------------------------

    private static ApiResult NoSuchResource(ApiRequest r) => r.NotFound("No HTTP resource was found that matches the request URI.");

    private static ApiResult MessageById(ApiRequest r)
    {
        var spec = Messages.FirstOrDefault(m => string.Equals(m.Kind, r.RouteValues[1], StringComparison.OrdinalIgnoreCase));
        if (spec == null) return NoSuchResource(r);
        if (!r.TryParseBody(out var doc, out var error)) return error;
        MessageRecord? message;
        using (doc)
        {
            if (!TryReadMessage(r, spec, doc.RootElement, out message, out error)) return error;
        }
        var d = r.Data.GetDevice(r.RouteLong(0));
        if (d == null) return r.NotFound("Device not found.");
        if (NotEnrolled(d) is { } refusal) return r.Error(400, refusal.Code, refusal.Message);
        Send(r, d, spec, message);
        return ApiResult.Empty(202);
    }

    private static ApiResult BulkMessage(ApiRequest r)
    {
        var spec = Messages.FirstOrDefault(m => string.Equals(m.BulkName, r.RouteValues[0], StringComparison.OrdinalIgnoreCase));
        if (spec == null) return NoSuchResource(r);
        MessageRecord? message = null;
        return Bulk.OnDevices(r, Permissions.SendMessage, "SendMessage", d =>
        {
            if (NotEnrolled(d) is { } refusal) return refusal.Message;
            // OnDevices acts only after the body reader below succeeded, which set the message.
            Send(r, d, spec, message!);
            return null;
        }, root => TryReadMessage(r, spec, root, out message, out var error) ? null : error);
    }

    /// <summary>Reads MessageBody (all kinds), Subject (email) and ApplicationName (push), refusing texts over the kind's limits.</summary>
    private static bool TryReadMessage(ApiRequest r, MessageSpec spec, JsonElement root, [NotNullWhen(true)] out MessageRecord? message, [NotNullWhen(false)] out ApiResult? error)
    {
        message = null;
        error = null;
        var body = JsonUtil.GetText(root, "MessageBody");
        if (string.IsNullOrWhiteSpace(body)) { error = r.BadRequest("MessageBody is required."); return false; }
        error = TooLong(r, spec.Kind, "MessageBody", body, spec.BodyMax);
        var subject = spec.SubjectMax > 0 ? JsonUtil.GetText(root, "Subject") : null;
        error ??= TooLong(r, spec.Kind, "Subject", subject, spec.SubjectMax);
        var application = spec.ApplicationNameMax > 0 ? JsonUtil.GetText(root, "ApplicationName") : null;
        error ??= TooLong(r, spec.Kind, "ApplicationName", application, spec.ApplicationNameMax);
        if (error != null) return false;
        message = new MessageRecord { Kind = spec.Kind, Body = body, Subject = subject, ApplicationName = application };
        return true;
    }

    private static ApiResult? TooLong(ApiRequest r, string kind, string field, string? text, int max) =>
        text != null && text.Length > max ? r.BadRequest($"{field} of a {kind} message must be at most {max} characters; it has {text.Length}.") : null;

    private static void Send(ApiRequest r, DeviceRecord d, MessageSpec spec, MessageRecord message)
    {
        var state = r.Data.StateOf(d.Id);
        state.Messages.Add(new MessageRecord { Kind = message.Kind, Body = message.Body, Subject = message.Subject, ApplicationName = message.ApplicationName, SentAt = r.Now, SentBy = r.Principal?.Name });
        DeviceLifecycle.Queue(r.State, d.Id, spec.Command, r.Principal?.Name, r.Now);
    }

    // ---- delete ----------------------------------------------------------------------------------

    private static ApiResult DeleteById(ApiRequest r) => Delete(r, r.Data.GetDevice(r.RouteLong(0)));

    private static ApiResult DeleteByAlternateId(ApiRequest r)
    {
        var searchBy = r.Q("searchby");
        return DeviceEndpoints.CheckSearchBy(r, searchBy) ?? Delete(r, r.Data.FindDevice(searchBy, r.Q("id")));
    }

    /// <summary>Deletes the record whatever its enrollment state; 200 with an empty body, like the simulator's other deletes.</summary>
    private static ApiResult Delete(ApiRequest r, DeviceRecord? d)
    {
        if (d == null) return r.NotFound("Device not found.");
        r.Data.DeleteDevice(d.Id);
        return ApiResult.Empty(200);
    }

    private static ApiResult BulkDelete(ApiRequest r) =>
        Bulk.OnDevices(r, Permissions.DeleteDevice, "DeleteDevice", d => r.Data.DeleteDevice(d.Id) ? null : "Device not found.");
}
