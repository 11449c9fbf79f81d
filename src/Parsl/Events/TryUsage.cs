namespace Parsl.Events;

/// <summary>
/// What one try cost the worker that ran it, as that worker measured it: reported with
/// <see cref="Executors.TaskTry.ReportUsage(TryUsage)"/> before the try's outcome, and seen by observers as
/// <see cref="RunEvent.Usage"/> on its <see cref="RunEventKind.TrySucceeded"/> or
/// <see cref="RunEventKind.TryFailed"/> event (the monitoring database's <c>tries.worker</c>, <c>cpu_seconds</c>,
/// <c>peak_memory_bytes</c>).
/// </summary>
/// <param name="Worker">The worker that ran it (e.g. "worker 2, pid 4711"), or null.</param>
/// <param name="CpuTime">CPU time the try used, user and system, of the worker process and the commands it waited for.</param>
/// <param name="PeakMemoryBytes">The largest resident set of the worker during the try, or of a command it ran when that was larger; 0 when not measured.</param>
public sealed record TryUsage(string? Worker, TimeSpan CpuTime, long PeakMemoryBytes);
