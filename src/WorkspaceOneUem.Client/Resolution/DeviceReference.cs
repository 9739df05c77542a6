namespace WorkspaceOneUem.Client.Resolution
{
    /// <summary>
    /// How a caller names a device to act on: a device read from the server (used as it is), an id, or a serial
    /// number, optionally in a named account. <see cref="Target"/> is what the caller gave, for its messages.
    /// </summary>
    public sealed class DeviceReference
    {
        private DeviceReference(object target)
        {
            Target = target;
        }

        /// <summary>A device read from the server: needs no lookup.</summary>
        public Ws1Device? Device { get; private set; }
        public long? Id { get; private set; }
        public string? SerialNumber { get; private set; }

        /// <summary>The account the reference belongs to; null for the resolver's default account.</summary>
        public string? AccountName { get; private set; }

        public object Target { get; }

        /// <summary>
        /// A device object: used as it is when this module read it from the server (Get-Ws1Device), else looked up by
        /// its id, so that the rules (enrollment, platform) apply to what the tenant holds now.
        /// </summary>
        public static DeviceReference ForDevice(Ws1Device device) => new DeviceReference(device)
        {
            Device = device.ReadFromServer ? device : null,
            Id = device.Id,
            AccountName = string.IsNullOrWhiteSpace(device.AccountName) ? null : device.AccountName,
        };

        public static DeviceReference ForId(long id) => new DeviceReference(id) { Id = id };

        public static DeviceReference ForSerialNumber(string serialNumber) => new DeviceReference(serialNumber) { SerialNumber = serialNumber };

        /// <summary>How the reference names its device, for messages: "device id 42", "device with serial number 'C02X'".</summary>
        public override string ToString() => SerialNumber != null ? $"device with serial number '{SerialNumber}'" : $"device id {Id}";
    }

    public enum DeviceOutcomeKind
    {
        /// <summary>The device, as the tenant holds it.</summary>
        Found,

        /// <summary>No device with that id or serial number in the account.</summary>
        NotFound,

        /// <summary>The reference names an account that has no open session.</summary>
        NotConnected,

        /// <summary>The reference belongs to another account than the one the caller requires; left alone.</summary>
        OtherAccount,

        /// <summary>The lookup failed; <see cref="DeviceOutcome.Error"/> says how.</summary>
        Failed,
    }

    /// <summary>What became of one device reference.</summary>
    public sealed class DeviceOutcome
    {
        internal DeviceOutcome(DeviceReference reference, DeviceOutcomeKind kind, Ws1Session? session, string message)
        {
            Reference = reference;
            Kind = kind;
            Session = session;
            Message = message;
        }

        public DeviceReference Reference { get; }
        public DeviceOutcomeKind Kind { get; }

        /// <summary>The session the device was looked up in; null when there was none.</summary>
        public Ws1Session? Session { get; }

        public Ws1Device? Device { get; internal set; }

        /// <summary>Why the lookup failed (<see cref="DeviceOutcomeKind.Failed"/>, and NotFound read from a 404).</summary>
        public Ws1ApiException? Error { get; internal set; }

        /// <summary>What happened, in a sentence for an error record; empty for <see cref="DeviceOutcomeKind.Found"/>.</summary>
        public string Message { get; }

        /// <summary>The account name the reference named, for NotConnected and OtherAccount.</summary>
        public string? AccountName => Reference.AccountName;
    }
}
