using WorkspaceOneUem.Client.Http;

namespace WorkspaceOneUem.Resilience
{
    /// <summary>Entry point the module calls once at import.</summary>
    public static class Ws1Resilience
    {
        /// <summary>
        /// Makes every new session use the Polly policy. Polly itself loads with the first session, not here,
        /// so importing the module stays quick.
        /// </summary>
        public static void Install() => RequestPolicies.Factory = PollyRequestPolicy.Create;
    }
}
