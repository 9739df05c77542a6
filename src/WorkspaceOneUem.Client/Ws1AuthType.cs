namespace WorkspaceOneUem.Client
{
    public enum Ws1AuthType
    {
        Basic,
        OAuth,

        /// <summary>Every request signed with the admin's certificate (CMS), with the API key.</summary>
        Certificate,
    }
}
