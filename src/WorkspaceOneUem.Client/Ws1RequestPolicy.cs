using System;
using WorkspaceOneUem.Client.Http;

namespace WorkspaceOneUem.Client
{
    /// <summary>
    /// How a session retries and paces its requests, handed to <see cref="Ws1Session.OpenAsync"/>. Each session
    /// builds its own policy from this with its settings, so sessions pace apart. Made by WorkspaceOneUem.Resilience
    /// (Ws1Resilience.Policy), which holds the Polly rules; the client itself does not reference Polly.
    /// </summary>
    public sealed class Ws1RequestPolicy
    {
        private readonly Func<Ws1ConnectionSettings, IRequestPolicy> _create;

        internal Ws1RequestPolicy(Func<Ws1ConnectionSettings, IRequestPolicy> create)
        {
            _create = create ?? throw new ArgumentNullException(nameof(create));
        }

        internal IRequestPolicy CreateFor(Ws1ConnectionSettings settings) => _create(settings);
    }
}
