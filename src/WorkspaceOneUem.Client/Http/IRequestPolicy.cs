using System;
using System.Threading;
using System.Threading.Tasks;

namespace WorkspaceOneUem.Client.Http
{
    /// <summary>
    /// Retries and paces the attempts of one call. Implemented with Polly in WorkspaceOneUem.Resilience,
    /// which the module loads privately on PowerShell 7 so its Polly never meets another module's.
    /// </summary>
    internal interface IRequestPolicy : IDisposable
    {
        Task<T> ExecuteAsync<T>(ApiRequest request, Func<CancellationToken, Task<T>> attempt, CancellationToken ct);
    }

    /// <summary>Where sessions get their policy; the module and the tests install the Polly one at start.</summary>
    internal static class RequestPolicies
    {
        private static Func<Ws1ConnectionSettings, IRequestPolicy> _factory;

        public static Func<Ws1ConnectionSettings, IRequestPolicy> Factory
        {
            get => _factory ?? throw new InvalidOperationException("No request policy is installed: the WorkspaceOneUem.Resilience assembly was not initialised.");
            set => _factory = value;
        }
    }
}
