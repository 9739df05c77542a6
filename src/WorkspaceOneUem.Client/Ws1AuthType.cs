namespace WorkspaceOneUem.Client
{
    public enum Ws1AuthType
    {
        Basic,
        OAuth,
    }
}
