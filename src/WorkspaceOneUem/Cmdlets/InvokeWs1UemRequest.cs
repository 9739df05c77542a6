using System;
using System.Collections;
using System.Globalization;
using System.Management.Automation;
using WorkspaceOneUem.Client;
using WorkspaceOneUem.Infrastructure;

namespace WorkspaceOneUem.Cmdlets
{
    /// <summary>
    /// Invoke-Ws1UemRequest: any API call through a session (authentication, pacing, retries, errors, 403
    /// explanation), the answer as PowerShell objects. Changes ask first; a DELETE asks as ConfirmImpact High would.
    /// </summary>
    /// <remarks>
    /// ConfirmImpact is one per cmdlet, and Medium suits POST and PUT. A DELETE asks once more (ShouldContinue) unless
    /// -Force, -Confirm:$false or $ConfirmPreference = 'None' says not to: what ConfirmImpact High would do.
    /// </remarks>
    [Cmdlet(VerbsLifecycle.Invoke, "Ws1UemRequest", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium,
        HelpUri = HelpLinks.Base + "Invoke-Ws1UemRequest.md")]
    [OutputType(typeof(PSObject))]
    public sealed class InvokeWs1UemRequest : Ws1Cmdlet
    {
        [Parameter]
        [ValidateSet("GET", "POST", "PUT", "PATCH", "DELETE", IgnoreCase = true)]
        public string Method { get; set; } = "GET";

        /// <summary>Relative to the API base, e.g. 'system/users/search'.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = null!; // Mandatory in every parameter set: bound before ProcessRecord

        [Parameter]
        [ValidateNotNull]
        public IDictionary? Query { get; set; }

        /// <summary>JSON text, or an object (hashtable, [pscustomobject]) turned into JSON.</summary>
        [Parameter]
        public object? Body { get; set; }

        [Parameter]
        [ValidateRange(1, 10)]
        public int ApiVersion { get; set; } = 1;

        /// <summary>Reads a search-shaped answer page after page, writing each record.</summary>
        [Parameter]
        public SwitchParameter All { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AccountNameCompleter))]
        public string? AccountName { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }


        private bool IsRead => string.Equals(Method, "GET", StringComparison.OrdinalIgnoreCase);

        protected override void ProcessRecord()
        {
            if (All && !IsRead)
                ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-All reads a search page after page, so it takes -Method GET, not {Method.ToUpperInvariant()}."),
                    "Ws1.InvalidRequest", ErrorCategory.InvalidArgument, Method));
            Ws1Session session = ResolveSession(AccountName);
            string? path = null;
            try
            {
                path = RawApi.RelativePath(session.ApiBaseUri, Path);
            }
            catch (ArgumentException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, "Ws1.InvalidPath", ErrorCategory.InvalidArgument, Path));
            }
            Ws1RawRequest request = Build();
            // path is set: a path RelativePath refuses stopped the command above.
            if (!IsRead && !Approve(session, path!))
                return;
            try
            {
                if (All)
                {
                    foreach (object? record in Stream(session.Raw.ReadAllAsync(request, CancelToken)))
                        WriteObject(PlainData.ToPowerShell(record));
                    return;
                }
                object? answer = Await(ct => session.Raw.SendAsync(request, ct));
                if (answer != null)
                    WriteObject(PlainData.ToPowerShell(answer), enumerateCollection: true);
            }
            catch (ArgumentException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, "Ws1.InvalidRequest", ErrorCategory.InvalidArgument, Path));
            }
            catch (Ws1ApiException ex)
            {
                WriteError(ErrorFrom(ex, Path));
            }
        }

        private Ws1RawRequest Build()
        {
            var request = new Ws1RawRequest { Method = Method.ToUpperInvariant(), Path = Path, ApiVersion = ApiVersion };
            try
            {
                request.Body = PlainData.FromPowerShell(Body);
            }
            catch (ArgumentException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, "Ws1.InvalidRequest", ErrorCategory.InvalidArgument, Body));
            }
            foreach (DictionaryEntry entry in Query ?? new Hashtable())
            {
                string name = Convert.ToString(entry.Key, CultureInfo.InvariantCulture)!; // a key is never null
                object? value = entry.Value is PSObject wrapped ? wrapped.BaseObject : entry.Value;
                // A list repeats the parameter (id=1&id=2), as a query string carries several values.
                foreach (object? item in value is IEnumerable list && !(value is string) ? list : new[] { value })
                    request.Query.Add(new System.Collections.Generic.KeyValuePair<string, string>(name, QueryText(item)));
            }
            return request;
        }

        private static string QueryText(object? value)
        {
            value = value is PSObject wrapped ? wrapped.BaseObject : value;
            switch (value)
            {
                case bool flag:
                    return flag ? "true" : "false";
                case DateTime time:
                    return time.ToString("s", CultureInfo.InvariantCulture);
                default:
                    // An empty text, like no text, adds nothing to the query.
                    return Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
            }
        }

        /// <summary>A change asks first; a DELETE, as ConfirmImpact High would, also when $ConfirmPreference is High.</summary>
        private bool Approve(Ws1Session session, string path)
        {
            string method = Method.ToUpperInvariant();
            string target = $"{path} on account '{session.AccountName}'" + (Body == null ? string.Empty : " with a body");
            if (!ShouldProcess(target, method, Force))
                return false;
            if (method != "DELETE" || Force || MyInvocation.BoundParameters.ContainsKey("Confirm"))
                return true;
            if (LanguagePrimitives.TryConvertTo(GetVariableValue("ConfirmPreference"), out ConfirmImpact preference) && preference == ConfirmImpact.None)
                return true;
            try
            {
                return ShouldContinue($"Send DELETE {path} to account '{session.AccountName}'? A deletion cannot be undone.", "Confirm DELETE");
            }
            catch (Exception ex) when (ex is PSInvalidOperationException || ex is System.Management.Automation.Host.HostException)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new InvalidOperationException($"Invoke-Ws1UemRequest asks before it sends DELETE {path}, and this PowerShell cannot ask (it runs non-interactively). For unattended use add -Confirm:$false (or -Force); run it with -WhatIf first to see what it would do.", ex),
                    "Ws1.ConfirmationNotPossible", ErrorCategory.InvalidOperation, path));
                return false;
            }
        }
    }
}
