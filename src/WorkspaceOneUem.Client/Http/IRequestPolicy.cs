using System;
using System.Threading;
using System.Threading.Tasks;

namespace WorkspaceOneUem.Client.Http
{
    /// <summary>
    /// Retries and paces the attempts of the calls of one session, built for it from the <see cref="Ws1RequestPolicy"/>
    /// it was opened with. Implemented with Polly in WorkspaceOneUem.Resilience, which the module loads privately on
    /// PowerShell 7 so its Polly never meets another module's.
    /// </summary>
    internal interface IRequestPolicy : IDisposable
    {
        Task<T> ExecuteAsync<T>(ApiRequest request, Func<CancellationToken, Task<T>> attempt, CancellationToken ct);
    }
}
