using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace WorkspaceOneUem.Simulator;

/// <summary>Everything one simulated tenant owns. Nothing is static, so servers can run side by side.</summary>
internal sealed class SimulatorState
{
    public readonly SimulatorOptions Options;
    public readonly TenantData Data;
    public readonly AuthStore Auth;
    public readonly RateLimiter Rate;
    public readonly FaultStore Faults;
    public readonly Journal Journal = new();
    public readonly Router Api = new();
    public readonly CancellationTokenSource Stopping = new();
    public readonly DateTime StartedUtc = DateTime.UtcNow;
    public long ApiRequests;

    /// <summary>The tenant's clock (UTC), injectable through <see cref="SimulatorOptions.Clock"/>.</summary>
    public DateTime Now => Options.Clock.GetUtcNow().UtcDateTime;

    public SimulatorState(SimulatorOptions options)
    {
        Options = options;
        Data = new TenantData(options.Users, options.Seed);
        Auth = new AuthStore(options);
        Rate = new RateLimiter(options);
        Faults = new FaultStore(options.Seed);
        foreach (var f in options.Faults)
        {
            Faults.Add(f.Clone(), out var error);
            if (error != null) throw new ArgumentException(error, nameof(options));
        }
        SystemEndpoints.Register(Api);
        UserEndpoints.Register(Api);
        DeviceEndpoints.Register(Api);
        CommandEndpoints.Register(Api);
        WipeEndpoints.Register(Api);
        AppEndpoints.Register(Api);
        GroupEndpoints.Register(Api);
        UserGroupEndpoints.Register(Api);
    }
}

/// <summary>An in-process Workspace ONE UEM simulator bound to loopback.</summary>
public sealed class SimulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Tenants _tenants;
    private int _stopped;

    private SimulatorServer(WebApplication app, Tenants tenants, string url)
    {
        _app = app;
        _tenants = tenants;
        Url = url;
    }

    private SimulatorState Primary => _tenants.First;

    /// <summary>Base URL without a trailing slash, e.g. http://127.0.0.1:54321.</summary>
    public string Url { get; }

    /// <summary>The live settings of the first (or only) tenant: a copy of what was passed to <see cref="StartAsync(SimulatorOptions)"/>.</summary>
    public SimulatorOptions Options => Primary.Options;

    /// <summary>The live settings of every tenant this server hosts, the first one first.</summary>
    public IReadOnlyList<SimulatorOptions> TenantOptions => _tenants.All.Select(t => t.Options).ToList();

    /// <summary>Number of seeded devices (for banners and tests).</summary>
    public int DeviceCount => Primary.Data.DeviceCount;

    public static Task<SimulatorServer> StartAsync(SimulatorOptions options) => StartAsync(new[] { options ?? new SimulatorOptions() });

    /// <summary>
    /// One server hosting several tenants on one host and port, told apart by their tenant codes (see
    /// <see cref="Tenants"/>). The first tenant's Host and Port are the server's.
    /// </summary>
    public static async Task<SimulatorServer> StartAsync(IReadOnlyList<SimulatorOptions> tenantOptions)
    {
        if (tenantOptions == null || tenantOptions.Count == 0) throw new ArgumentException("Give at least one tenant.", nameof(tenantOptions));
        var tenants = new Tenants(tenantOptions.Select(o => new SimulatorState(o.Clone())).ToList());
        var opts = tenants.First.Options;

        // The empty builder has no logging providers and no config sources: quiet and fast to start.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = 16 * 1024 * 1024;
            if (IPAddress.TryParse(opts.Host, out var ip)) k.Listen(ip, opts.Port);
            else k.ListenLocalhost(opts.Port);
        });
        // Ctrl+C and SIGTERM belong to the embedding process (Program.Main or a test host), not to each server.
        builder.Services.AddSingleton<IHostLifetime, PassiveLifetime>();
        var app = builder.Build();
        app.Run(ctx => RequestPipeline.Handle(ctx, tenants));
        await app.StartAsync().ConfigureAwait(false);

        // Kestrel always offers the addresses feature.
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        var uri = new Uri(address);
        foreach (var t in tenants.All) t.Options.Port = uri.Port;
        var url = $"http://{(IPAddress.TryParse(opts.Host, out _) ? opts.Host : uri.Host)}:{uri.Port}";
        return new SimulatorServer(app, tenants, url);
    }

    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        foreach (var t in _tenants.All) t.Stopping.Cancel(); // releases stalled requests
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        foreach (var t in _tenants.All) t.Stopping.Dispose();
    }

    private sealed class PassiveLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
