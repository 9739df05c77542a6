namespace WorkspaceOneUem
{
    /// <summary>An application of a tenant's catalogue (mam v1), as Get-Ws1App emits it.</summary>
    public sealed class Ws1App
    {
        public string? AccountName { get; set; }
        public long Id { get; set; }
        public string? Uuid { get; set; }
        public string? Name { get; set; }
        public string? BundleId { get; set; }
        public string? Version { get; set; }

        /// <summary>Public, Internal or Purchased.</summary>
        public string? AppType { get; set; }

        public string? Status { get; set; }
        public string? Platform { get; set; }
        public long OrganizationGroupId { get; set; }
        public int AssignedDeviceCount { get; set; }
        public int InstalledDeviceCount { get; set; }

        public override string? ToString() => Name;
    }

    /// <summary>An application found on one device, as Get-Ws1App -DeviceId emits it.</summary>
    public sealed class Ws1DeviceApp
    {
        public string? AccountName { get; set; }
        public long DeviceId { get; set; }
        public string? Name { get; set; }
        public string? BundleId { get; set; }
        public string? Version { get; set; }
        public string? BuildVersion { get; set; }
        public string? Status { get; set; }
        public string? Type { get; set; }
        public bool IsManaged { get; set; }

        public override string? ToString() => Name;
    }
}
