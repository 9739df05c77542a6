using Newtonsoft.Json;

namespace WorkspaceOneUem
{
    /// <summary>What /api/system/info reports about the server.</summary>
    public sealed class Ws1SystemInfo
    {
        [JsonProperty("ProductName")] public string? ProductName { get; set; }
        [JsonProperty("ProductVersion")] public string? ProductVersion { get; set; }
    }
}
