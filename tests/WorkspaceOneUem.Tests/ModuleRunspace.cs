using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace WorkspaceOneUem.Tests
{
    /// <summary>A real runspace with the laid-out module imported (what ships, not the bin folder).</summary>
    public sealed class ModuleRunspace : IDisposable
    {
        private readonly Runspace _runspace;

        /// <param name="host">A host for prompts (see <see cref="PromptingHost"/>); without one, nobody can be asked.</param>
        public ModuleRunspace(System.Management.Automation.Host.PSHost host = null)
        {
            var state = InitialSessionState.CreateDefault2();
            state.ImportPSModule(new[] { ManifestPath });
            _runspace = host == null ? RunspaceFactory.CreateRunspace(state) : RunspaceFactory.CreateRunspace(host, state);
            _runspace.Open();
        }

        public static string ManifestPath
        {
            get
            {
                string fromBuild = Environment.GetEnvironmentVariable("WS1_MODULE_MANIFEST");
                if (!string.IsNullOrEmpty(fromBuild) && File.Exists(fromBuild))
                    return fromBuild;
                string dir = AppContext.BaseDirectory;
                while (dir != null && !File.Exists(Path.Combine(dir, "WorkspaceOneUem.sln")))
                    dir = Path.GetDirectoryName(dir);
                string found = dir == null ? null : Directory.GetFiles(Path.Combine(dir, "out", "WorkspaceOneUem"), "WorkspaceOneUem.psd1", SearchOption.AllDirectories).FirstOrDefault();
                return found ?? throw new InvalidOperationException("The module is not laid out: run ./build.ps1 -Task Build (or -Task Test) first.");
            }
        }

        public RunResult Run(string script, IDictionary parameters = null)
        {
            using PowerShell ps = PowerShell.Create();
            ps.Runspace = _runspace;
            ps.AddScript(script);
            if (parameters != null)
                ps.AddParameters(parameters);
            var result = new RunResult();
            try
            {
                result.Output = ps.Invoke().ToList();
            }
            catch (RuntimeException ex)
            {
                result.Terminating = ex.ErrorRecord;
            }
            result.Errors = ps.Streams.Error.ToList();
            result.Verbose = ps.Streams.Verbose.Select(v => v.Message).ToList();
            result.Warnings = ps.Streams.Warning.Select(v => v.Message).ToList();
            result.Progress = ps.Streams.Progress.ToList();
            return result;
        }

        /// <summary>
        /// Connects this runspace to a simulator under an account name, unthrottled; <paramref name="options"/> are
        /// further Connect-Ws1Uem parameters, such as "-PageConcurrency 3".
        /// </summary>
        public void Connect(TestSimulator sim, string accountName, string options = "",
            string user = TestSimulator.AdminUser, string password = TestSimulator.AdminPassword) =>
            Xunit.Assert.Empty(TryConnect(sim.Url, sim.TenantCode, accountName, options, user, password).AllErrors);

        /// <summary>Connect-Ws1Uem to any server (a <see cref="HostileServer"/>, say), returning what it wrote instead of asserting.</summary>
        public RunResult TryConnect(string url, string tenantCode, string accountName, string options = "",
            string user = TestSimulator.AdminUser, string password = TestSimulator.AdminPassword) =>
            Run(
                "param($Server, $User, $Password, $Key, $Name) " +
                "Connect-Ws1Uem -Server $Server -Credential ([pscredential]::new($User, (ConvertTo-SecureString $Password -AsPlainText -Force))) " +
                "-ApiKey $Key -AccountName $Name -RequestsPerMinute 100000 " + options + " | Out-Null",
                new Hashtable { ["Server"] = url, ["User"] = user, ["Password"] = password, ["Key"] = tenantCode, ["Name"] = accountName });

        /// <summary>A PowerShell on this runspace, for tests that read streams Run does not collect (progress).</summary>
        public PowerShell Create(string script)
        {
            PowerShell ps = PowerShell.Create();
            ps.Runspace = _runspace;
            ps.AddScript(script);
            return ps;
        }

        /// <summary>Starts a script without waiting, so a test can stop it as Ctrl+C would.</summary>
        public RunningScript Begin(string script)
        {
            PowerShell ps = PowerShell.Create();
            ps.Runspace = _runspace;
            ps.AddScript(script);
            return new RunningScript(ps, ps.BeginInvoke());
        }

        public void Dispose() => _runspace.Dispose();
    }

    public sealed class RunningScript
    {
        private readonly PowerShell _ps;
        private readonly IAsyncResult _handle;

        public RunningScript(PowerShell ps, IAsyncResult handle)
        {
            _ps = ps;
            _handle = handle;
        }

        public void Stop()
        {
            _ps.Stop();
            try { _ps.EndInvoke(_handle); } catch (PipelineStoppedException) { }
            _ps.Dispose();
        }
    }

    public sealed class RunResult
    {
        public List<PSObject> Output { get; set; } = new List<PSObject>();
        public List<ErrorRecord> Errors { get; set; } = new List<ErrorRecord>();
        public List<string> Verbose { get; set; } = new List<string>();
        public List<string> Warnings { get; set; } = new List<string>();
        public List<ProgressRecord> Progress { get; set; } = new List<ProgressRecord>();
        public ErrorRecord Terminating { get; set; }

        /// <summary>The error that stopped the script, or else the first one written.</summary>
        public ErrorRecord Error => Terminating ?? Errors.FirstOrDefault();

        public IEnumerable<ErrorRecord> AllErrors => Terminating == null ? Errors : Errors.Append(Terminating);

        /// <summary>Everything a user could see, as text, to scan for secrets.</summary>
        public string AllText()
        {
            var parts = new List<string>();
            parts.AddRange(Output.Select(o => o?.ToString() ?? string.Empty));
            foreach (PSObject o in Output.Where(o => o != null))
                parts.AddRange(o.Properties.Select(p => { try { return $"{p.Name}={p.Value}"; } catch (Exception ex) { return ex.Message; } }));
            parts.AddRange(AllErrors.Select(e => e.ToString() + " " + e.Exception));
            parts.AddRange(Verbose);
            parts.AddRange(Warnings);
            return string.Join("\n", parts);
        }
    }
}
