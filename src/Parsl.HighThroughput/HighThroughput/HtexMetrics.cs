using System.Diagnostics.Metrics;

namespace Parsl.Executors.HighThroughput;

/// <summary>
/// The pilot-job executor's counters, on the <c>Parsl.HighThroughputExecutor</c> meter (read them with
/// <c>dotnet-counters</c> or OpenTelemetry's metrics). Per-task events are counted here, never logged at Information.
/// </summary>
internal static class HtexMetrics
{
    public const string MeterName = "Parsl.HighThroughputExecutor";

    private static readonly Meter s_meter = new(MeterName, DataFlowKernel.Version);

    public static readonly UpDownCounter<int> ManagersConnected = s_meter.CreateUpDownCounter<int>("parsl.htex.managers", description: "Managers connected to the interchange.");
    public static readonly UpDownCounter<int> WorkersConnected = s_meter.CreateUpDownCounter<int>("parsl.htex.workers", description: "Workers of the connected managers.");
    public static readonly UpDownCounter<int> Blocks = s_meter.CreateUpDownCounter<int>("parsl.htex.blocks", description: "Blocks submitted and not yet ended.");
    public static readonly Counter<long> TasksDispatched = s_meter.CreateCounter<long>("parsl.htex.tasks.dispatched", description: "Tries sent to managers, re-runs included.");
    public static readonly Counter<long> TasksCompleted = s_meter.CreateCounter<long>("parsl.htex.tasks.completed", description: "Tries that returned a result.");
    public static readonly Counter<long> WorkersLost = s_meter.CreateCounter<long>("parsl.htex.tries.lost", description: "Tries whose worker or manager died under them.");
    public static readonly Counter<long> ConnectionsRefused = s_meter.CreateCounter<long>("parsl.htex.connections.refused", description: "Peers refused: no secret, wrong protocol, malformed messages.");

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Interchange, bool> s_running = new();

    private static readonly ObservableGauge<int> s_outstanding = s_meter.CreateObservableGauge("parsl.htex.tasks.outstanding",
        static () => s_running.Keys.Sum(i => i.Outstanding), description: "Tries submitted to pilot-job executors and not yet settled.");

    /// <summary>Counts an interchange's outstanding tries in the gauge while it runs.</summary>
    public static void Track(Interchange interchange) => s_running[interchange] = true;

    public static void Untrack(Interchange interchange) => s_running.TryRemove(interchange, out _);
}
