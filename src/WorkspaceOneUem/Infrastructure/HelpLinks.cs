namespace WorkspaceOneUem.Infrastructure
{
    /// <summary>Where Get-Help -Online opens a cmdlet's page: its Markdown source in the repository's docs.</summary>
    internal static class HelpLinks
    {
        public const string Base = "https://github.com/workspaceoneuem/WorkspaceOneUem/blob/main/docs/help/";
    }
}
