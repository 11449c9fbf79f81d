using System.Net;
using Parsl.Events;
using Parsl.Monitoring;

namespace Parsl.Dashboard;

/// <summary>
/// The dashboard of a running workflow, on by one switch: when the run starts, serves the file its
/// <see cref="MonitoringDatabase"/> writes and prints the run's URL to stderr. It keeps serving after the run ends
/// (later runs of the process appear too) until disposed or the process exits. List it after its database: observers
/// are called in order, and the database opens its file on the same event.
/// </summary>
/// <example><code>
/// var database = new MonitoringDatabase();
/// var config = new ParslConfig { Observers = [database, new LiveDashboard(database)] };
/// </code>
/// In YAML: <c>monitoring: { dashboard: true }</c>.</example>
public sealed class LiveDashboard(MonitoringDatabase database) : IRunObserver, IAsyncDisposable, IDisposable
{
    private readonly Lock _gate = new();
    private DashboardServer? _server;
    private bool _disposed;

    /// <summary>The TCP port; 0 (the default) for a free one.</summary>
    public int Port { get; init; }

    /// <summary>The address to listen on; loopback by default. Another address needs a <see cref="Token"/>.</summary>
    public IPAddress ListenAddress { get; init; } = IPAddress.Loopback;

    /// <summary>The secret requests must carry (<see cref="DashboardOptions.Token"/>); required off loopback.</summary>
    public string? Token { get; init; }

    /// <summary>Where the URL is printed; null (the default) for standard error as it is when the run starts, so a
    /// program's own output stays clean.</summary>
    public TextWriter? Output { get; init; }

    /// <summary>The dashboard's address once the first run has started; null before.</summary>
    public Uri? Url => _server?.Url;

    void IRunObserver.OnEvent(in RunEvent e)
    {
        if (e.Kind != RunEventKind.RunStarted)
            return;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_server is null)
            {
                var path = database.Path ?? throw new InvalidOperationException(
                    "LiveDashboard came before its MonitoringDatabase in ParslConfig.Observers, so the database was not open yet: list the database first, e.g. Observers = [database, new LiveDashboard(database)].");
                var options = new DashboardOptions { DatabasePath = path, Port = Port, ListenAddress = ListenAddress, Token = Token };
                // Started here, before the run's first task, so the URL is printed first; off the caller's synchronization context.
                _server = Task.Run(() => DashboardServer.StartAsync(options)).GetAwaiter().GetResult();
            }
        }
        var latest = new UriBuilder(_server.Url) { Path = "/runs/latest" };
        (Output ?? Console.Error).WriteLine($"Parsl dashboard: {latest.Uri}");
    }

    /// <summary>Stops serving.</summary>
    public async ValueTask DisposeAsync()
    {
        DashboardServer? server;
        lock (_gate)
        {
            _disposed = true;
            (server, _server) = (_server, null);
        }
        if (server is not null)
            await server.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Stops serving.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
