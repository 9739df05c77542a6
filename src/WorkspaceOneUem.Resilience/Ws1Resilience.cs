namespace WorkspaceOneUem.Resilience
{
    /// <summary>Entry point the module calls once at import.</summary>
    public static class Ws1Resilience
    {
        public static void Install() => PollyRequestPolicy.Install();
    }
}
