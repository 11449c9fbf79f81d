namespace Parsl.Dataflow;

/// <summary>
/// The rarely needed part of a task's record, made only when needed: the call's own options (at the call) and the failed
/// tries with their cost and the executor a retry handler chose (at the first failure). One field on every task instead of two.
/// </summary>
internal sealed class TaskExtras
{
    public AppCallOptions? Options { get; init; }

    /// <summary>The remote files the app reads and their staging, while and after they are fetched.</summary>
    public (DataFile[] Files, StagingTask[] Tasks, int[] Inputs)? Staging { get; set; }

    /// <summary>The remote files its worker fetches and sends (URLs), when its executor stages on workers.</summary>
    public (IReadOnlyList<string> In, IReadOnlyList<string> Out)? WorkerStaging { get; set; }

    /// <summary>The local files the app reads (as written), which travel with its try when its executor stages on workers.</summary>
    public IReadOnlyList<string>? LocalFilesOnWorker { get; set; }

    /// <summary>The futures of the files the app writes, made at submission.</summary>
    public IReadOnlyList<FileFuture>? Outputs { get; set; }

    public List<TryRecord> Failures { get; } = [];

    /// <summary>What the latest measured try cost its worker, for observers (see <see cref="Executors.TaskTry.ReportUsage"/>).</summary>
    public (int Try, Events.TryUsage Usage)? Usage { get; set; }

    /// <summary>The current try's span and launch time, when anybody listens to <see cref="Diagnostics.ParslTelemetry"/>.</summary>
    public Diagnostics.TryTelemetry? Telemetry { get; set; }

    public double Cost { get; set; }

    /// <summary>The executor a retry handler chose for the next try, or null for the app's own choice.</summary>
    public string? NextExecutor { get; set; }
}
