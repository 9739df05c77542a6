using WorkspaceOneUem.Client;

namespace WorkspaceOneUem.Resilience
{
    /// <summary>What the module and the tests open sessions with.</summary>
    public static class Ws1Resilience
    {
        /// <summary>
        /// The Polly retry and pacing policy. Polly itself loads with the first session that builds one, not
        /// when this is read.
        /// </summary>
        public static Ws1RequestPolicy Policy { get; } = new Ws1RequestPolicy(PollyRequestPolicy.Create);
    }
}
