using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Parsl.Dashboard.Data;
using Parsl.Dashboard.Pages;
using Parsl.Dashboard.Server;

namespace Parsl.Dashboard;

/// <summary>
/// Serves one monitoring database as web pages (docs/monitoring.md, "Dashboard"): the runs; a run with its counts by
/// state, state chart, Gantt chart of tries, workflow graph and task table; one task; blocks and workers. A live run's
/// pages update while it goes. Kestrel on 127.0.0.1 and a free port by default; any other address needs a token.
/// </summary>
/// <example><code>
/// await using var dashboard = await DashboardServer.StartAsync(new DashboardOptions { DatabasePath = "runinfo/monitoring.db" });
/// Console.WriteLine(dashboard.Url);
/// </code></example>
public sealed class DashboardServer : IAsyncDisposable
{
    private readonly WebApplication _host;

    private DashboardServer(WebApplication host, Uri url)
    {
        _host = host;
        Url = url;
    }

    /// <summary>Where to open the dashboard, with <c>?token=…</c> when it has a token: the link to print or click.</summary>
    public Uri Url { get; }

    /// <summary>Checks the database and the address, then starts listening.</summary>
    /// <exception cref="DashboardStartException">The database is missing, not a monitoring database or of another
    /// schema version; the address is not loopback and there is no token; or the port is in use.</exception>
    public static Task<DashboardServer> StartAsync(DashboardOptions options, CancellationToken cancellationToken = default) =>
        StartAsync(options, FinishedRunsKept, cancellationToken);

    /// <summary>How many finished runs' charts are kept rendered.</summary>
    internal const int FinishedRunsKept = 8;

    /// <summary>Starts a dashboard that keeps <paramref name="cacheRuns"/> finished runs' charts (0: renders every page
    /// afresh, as the performance test measures).</summary>
    internal static async Task<DashboardServer> StartAsync(DashboardOptions options, int cacheRuns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!IPAddress.IsLoopback(options.ListenAddress) && string.IsNullOrEmpty(options.Token))
            throw new DashboardStartException(
                $"The dashboard will not listen on {options.ListenAddress} without a token: anyone who reaches that address would see the run. Give a token (--token, or DashboardOptions.Token), or listen on 127.0.0.1.");
        if (options.Port is < 0 or > 65535)
            throw new DashboardStartException($"The dashboard's port {options.Port} is not a TCP port: give 1 to 65535, or 0 for a free one.");
        var database = RunDatabase.Open(options.DatabasePath);

        // An empty builder: no appsettings.json, environment variable or command line can add endpoints or change limits.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(options.ListenAddress, options.Port);
        });
        builder.Services.AddSingleton<IHostLifetime, SignalFreeLifetime>();
        builder.Services.AddRoutingCore();
        var host = builder.Build();
        host.Use(DashboardEndpoints.SecureAsync);
        host.Use(DashboardEndpoints.ReportFailuresAsync);
        if (!string.IsNullOrEmpty(options.Token))
            host.Use(new TokenGate(options.Token).InvokeAsync);
        host.UseRouting();
        DashboardEndpoints.Map(host, database, new RunSectionsCache(cacheRuns));
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException exception) when (exception.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } || exception.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw new DashboardStartException($"Port {options.Port} on {options.ListenAddress} is in use: give another port (--port), or 0 for a free one.", exception);
        }
        var bound = new Uri(host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return new DashboardServer(host, Link(bound, options));
    }

    /// <summary>The URL to give a person: a wildcard address becomes this machine's name, and the token is added.</summary>
    private static Uri Link(Uri bound, DashboardOptions options)
    {
        var host = options.ListenAddress.Equals(IPAddress.Any) || options.ListenAddress.Equals(IPAddress.IPv6Any) ? Dns.GetHostName() : bound.Host;
        var link = new UriBuilder(bound) { Host = host, Path = "/" };
        if (!string.IsNullOrEmpty(options.Token))
            link.Query = "token=" + Uri.EscapeDataString(options.Token);
        return link.Uri;
    }

    /// <summary>Stops listening; requests in flight are cut off (the pages are read-only, nothing is lost).</summary>
    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(new CancellationToken(canceled: true)).ConfigureAwait(false);
        await _host.DisposeAsync().ConfigureAwait(false);
    }
}
