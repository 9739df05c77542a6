using System;
using System.Collections.Generic;

namespace WorkspaceOneUem
{
    public enum Ws1CheckResult
    {
        Passed,

        /// <summary>The server answered 403: the admin role lacks a permission.</summary>
        Denied,

        Failed,

        /// <summary>Only doing it would tell, and doing it changes the tenant: deliberately not tried.</summary>
        NotProbed,
    }

    /// <summary>One line of Test-Ws1UemConnection: a call tried (or deliberately not tried) and what it showed.</summary>
    public sealed class Ws1ConnectionCheck
    {
        public string? Name { get; internal set; }
        public Ws1CheckResult Result { get; internal set; }
        public string? Message { get; internal set; }

        /// <summary>The role permissions the checked call or action needs (docs/api-behaviour.md §9).</summary>
        public IReadOnlyList<string>? RequiredPermissions { get; internal set; }

        public override string ToString() => $"{Name}: {Result}";
    }

    /// <summary>What Test-Ws1UemConnection found out about one connection.</summary>
    public sealed class Ws1ConnectionTest
    {
        public string? AccountName { get; internal set; }
        public string? Server { get; internal set; }
        public bool Reachable { get; internal set; }
        public bool Authenticated { get; internal set; }
        public string? ProductName { get; internal set; }
        public string? ProductVersion { get; internal set; }
        public bool CanReadUsers { get; internal set; }
        public bool CanReadDevices { get; internal set; }
        public bool CanReadApps { get; internal set; }

        /// <summary>The tenant's daily API quota and what is left of it, from the last answer's X-RateLimit-* headers.</summary>
        public long? RateLimit { get; internal set; }
        public long? RateLimitRemaining { get; internal set; }
        public DateTimeOffset? RateLimitResetsAt { get; internal set; }

        public IReadOnlyList<Ws1ConnectionCheck>? Checks { get; internal set; }

        /// <summary>
        /// The outcome in a sentence, what the default view shows: "OK", with version and quota, or what failed and
        /// why (unreachable, not authenticated, a read refused), so a dead server shows its reason, not just False.
        /// </summary>
        public string? Status { get; internal set; }

        public override string? ToString() => AccountName;
    }
}
