using System.Runtime.InteropServices;

namespace WorkspaceOneUem.Simulator;

/// <summary>CLI host: start one simulated tenant and print how to reach it.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Any(a => a is "--help" or "-h" or "-?"))
        {
            Console.WriteLine(SimulatorOptions.Usage);
            return 0;
        }
        SimulatorOptions options;
        try
        {
            options = SimulatorOptions.Parse(args);
        }
        catch (SimulatorOptionsException e)
        {
            Console.Error.WriteLine("error: " + e.Message);
            Console.Error.WriteLine(SimulatorOptions.Usage);
            return 2;
        }

        await using var server = await SimulatorServer.StartAsync(options);
        var o = server.Options;
        var stdout = Console.Out;
        // The first line is a contract: launchers wait for it and read the URL from it.
        stdout.WriteLine("WS1SIM READY " + server.Url);
        stdout.WriteLine($"Workspace ONE UEM simulator listening on {server.Url} (API under {server.Url}/API, control under {server.Url}/_sim)");
        stdout.WriteLine($"Tenant code (aw-tenant-code): {o.TenantCode}");
        stdout.WriteLine($"Seed {o.Seed}: {o.Users} users, {server.DeviceCount} devices, organization group 570 'Simulated Corp'");
        foreach (var a in o.Admins)
        {
            string signIn = a.Password != null ? $"/ {a.Password}" : $"with the certificate {a.Certificate?.Thumbprint}";
            stdout.WriteLine($"Admin: {a.UserName} {signIn} (role {a.Role}{(a.IsDirectory ? ", directory account: refused by the API" : "")})");
        }
        foreach (var c in o.OAuthClients)
            stdout.WriteLine($"OAuth client: {c.ClientId} / {c.ClientSecret} (role {c.Role}), token URL {server.Url}/connect/token");
        stdout.WriteLine(o.ExitOnStdinClose ? "Stops on Ctrl+C, SIGTERM or when stdin closes." : "Stops on Ctrl+C or SIGTERM.");
        stdout.Flush();

        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
        if (o.ExitOnStdinClose)
        {
            _ = Task.Run(() =>
            {
                try
                {
                    using var stdin = Console.OpenStandardInput();
                    var buffer = new byte[256];
                    while (stdin.Read(buffer, 0, buffer.Length) > 0) { }
                }
                catch (IOException) { }
                stop.TrySetResult();
            });
        }
        await stop.Task;
        await server.StopAsync();
        return 0;
    }
}
