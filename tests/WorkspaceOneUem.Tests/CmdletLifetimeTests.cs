using System.Linq;
using Xunit;

namespace WorkspaceOneUem.Tests
{
    /// <summary>What a cmdlet holds ends with it: PowerShell disposes it, and a stop that comes after does no harm.</summary>
    public sealed class CmdletLifetimeTests
    {
        [Fact]
        public void Disposing_a_cmdlet_cancels_what_it_started_and_a_later_stop_is_harmless()
        {
            using var ps = new ModuleRunspace();
            RunResult result = ps.Run(@"
$flags = [Reflection.BindingFlags]'Instance, Public, NonPublic'
$base = [WorkspaceOneUem.Infrastructure.Ws1Cmdlet]
$cmdlet = [WorkspaceOneUem.Cmdlets.GetWs1UemConnection]::new()
$token = $base.GetProperty('CancelToken', $flags).GetValue($cmdlet)
$cmdlet.Dispose()
$cmdlet.Dispose()
$null = $base.GetMethod('StopProcessing', $flags).Invoke($cmdlet, @())
$token.IsCancellationRequested");

            Assert.Null(result.Error);
            Assert.True((bool)result.Output.Single().BaseObject);
        }
    }
}
