using System;
using System.Collections.Generic;
using System.Management.Automation;
using WorkspaceOneUem.Client;

namespace WorkspaceOneUem.Infrastructure
{
    /// <summary>
    /// The -Wait, -Timeout and -PollInterval of the device actions and Wait-Ws1DeviceCommand: the cmdlet hands over the
    /// results it has, <see cref="DeviceCommandFollower"/> follows them, and the outcomes are written here.
    /// </summary>
    internal static class CommandFollowing
    {
        public const int DefaultTimeoutSeconds = 300;

        /// <summary>Follows the results (each with the session of its account; null when it is not open) and writes one outcome per result.</summary>
        public static void Run(Ws1Cmdlet cmdlet, IReadOnlyList<KeyValuePair<Ws1Session, Ws1DeviceCommandResult>> results, int timeoutSeconds, double? pollIntervalSeconds)
        {
            if (results.Count == 0)
                return;
            var follower = new DeviceCommandFollower();
            if (pollIntervalSeconds.HasValue)
                follower.PollInterval = TimeSpan.FromSeconds(pollIntervalSeconds.Value);
            cmdlet.WriteVerbose($"Following {results.Count} device command(s) for at most {timeoutSeconds} s, reading every {follower.PollInterval.TotalSeconds:0.#} s at most.");
            IReadOnlyList<Ws1DeviceCommandOutcome> outcomes = cmdlet.Await(ct => follower.FollowAsync(results, TimeSpan.FromSeconds(timeoutSeconds), ct));
            cmdlet.WriteObject(outcomes, enumerateCollection: true);
        }
    }
}
