using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.CompilerServices;
using WorkspaceOneUem.Client;
#if NET8_0_OR_GREATER
using System.Runtime.Loader;
#endif

namespace WorkspaceOneUem.Infrastructure
{
    /// <summary>
    /// Prepares the module's dependencies when PowerShell imports it. On PowerShell 7,
    /// WorkspaceOneUem.Resilience and what it needs (Polly, System.Threading.RateLimiting) live in lib/ and
    /// load into a private AssemblyLoadContext, so a module that loaded other versions of them first cannot
    /// break this one, nor this one it. The client and its public output types stay in the default context,
    /// so scripts can name them ([WorkspaceOneUem.Ws1User]), and the cmdlets' parameter types resolve on
    /// import without help from here.
    /// </summary>
    public sealed class DependencyIsolation : IModuleAssemblyInitializer
    {
        private const string IsolatedEntryAssembly = "WorkspaceOneUem.Resilience";
        private static readonly object Gate = new object();
        private static bool _registered;

        public void OnImport() => Register();

        /// <summary>Idempotent; also called by tests that load an assembly of the module directly.</summary>
        public static void Register()
        {
            lock (Gate)
            {
                if (_registered)
                    return;
#if NET8_0_OR_GREATER
                string? moduleDirectory = Path.GetDirectoryName(typeof(DependencyIsolation).Assembly.Location);
                // The module is always loaded from its folder (Import-Module), so its location has a directory.
                var context = new IsolatedLoadContext(moduleDirectory!);
                AssemblyLoadContext.Default.Resolving += (defaultContext, name) =>
                    name.Name == IsolatedEntryAssembly ? context.LoadFromAssemblyName(name) : null;
#endif
                _registered = true;
            }
        }

        /// <summary>The retry and pacing policy sessions are opened with, from the isolated WorkspaceOneUem.Resilience.</summary>
        internal static Ws1RequestPolicy RequestPolicy()
        {
            Register();
            return ResiliencePolicy();
        }

        // Kept out of RequestPolicy so the resilience assembly is bound (when this is compiled) only after
        // Register has put the resolver in place.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static Ws1RequestPolicy ResiliencePolicy() => WorkspaceOneUem.Resilience.Ws1Resilience.Policy;

#if NET8_0_OR_GREATER
        private sealed class IsolatedLoadContext : AssemblyLoadContext
        {
            private readonly string _moduleDirectory;
            private readonly string _libDirectory;

            public IsolatedLoadContext(string moduleDirectory) : base("WorkspaceOneUem", isCollectible: false)
            {
                _moduleDirectory = moduleDirectory;
                _libDirectory = Path.Combine(moduleDirectory, "lib");
            }

            // lib/ loads here; the client and Newtonsoft.Json beside the cmdlets are shared with the default
            // context (the same instances the cmdlets use); the framework resolves as usual.
            protected override Assembly? Load(AssemblyName name)
            {
                string isolated = Path.Combine(_libDirectory, name.Name + ".dll");
                if (File.Exists(isolated))
                    return LoadFromAssemblyPath(isolated);
                string shared = Path.Combine(_moduleDirectory, name.Name + ".dll");
                return File.Exists(shared) ? Default.LoadFromAssemblyPath(shared) : null;
            }
        }
#endif
    }
}
