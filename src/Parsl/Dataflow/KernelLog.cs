using Microsoft.Extensions.Logging;

namespace Parsl.Dataflow;

/// <summary>The kernel's log messages. Per-task messages are Debug: a 100,000-task run must not write 100,000 lines by default.</summary>
internal static partial class KernelLog
{
    [LoggerMessage(1, LogLevel.Information, "Parsl {Version}: run started in {RunDirectory} with executors {Executors}")]
    public static partial void RunStarted(ILogger logger, string version, string runDirectory, string executors);

    [LoggerMessage(2, LogLevel.Debug, "Task {TaskId} ({App}) try {Try} launched on {Executor}")]
    public static partial void TryLaunched(ILogger logger, long taskId, string app, int @try, string executor);

    [LoggerMessage(3, LogLevel.Debug, "Task {TaskId} ({App}) {State}")]
    public static partial void TaskCompleted(ILogger logger, long taskId, string app, TaskState state, Exception? exception);

    [LoggerMessage(4, LogLevel.Information, "Run finished in {Elapsed}: {Counts}")]
    public static partial void RunFinished(ILogger logger, TimeSpan elapsed, TaskCounts counts);

    [LoggerMessage(5, LogLevel.Warning, "First failure: task {TaskId} ({App}) called at {CallSite}")]
    public static partial void FirstFailure(ILogger logger, long taskId, string app, CallSite callSite, Exception exception);

    [LoggerMessage(6, LogLevel.Warning, "Cancellation requested ({Reason}); {Outstanding} tasks outstanding")]
    public static partial void Cancelling(ILogger logger, string reason, long outstanding);

    [LoggerMessage(7, LogLevel.Warning, "{Outstanding} tasks did not stop within {Grace} of cancellation; abandoning them")]
    public static partial void Abandoning(ILogger logger, long outstanding, TimeSpan grace);

    [LoggerMessage(8, LogLevel.Warning, "Disposal with ExitMode.Skip: abandoning {Outstanding} outstanding tasks")]
    public static partial void Skipping(ILogger logger, long outstanding);

    [LoggerMessage(9, LogLevel.Debug, "Task {TaskId} ({App}) submitted at {CallSite}, waiting on {Inputs} input(s)")]
    public static partial void TaskSubmitted(ILogger logger, long taskId, string app, CallSite callSite, int inputs);

    [LoggerMessage(10, LogLevel.Debug, "Task {TaskId} ({App}) try {Try} running")]
    public static partial void TryRunning(ILogger logger, long taskId, string app, int @try);

    [LoggerMessage(11, LogLevel.Debug, "Task {TaskId} ({App}) try {Try} failed ({Failure}); next try in {Delay}")]
    public static partial void TryRetrying(ILogger logger, long taskId, string app, int @try, string failure, TimeSpan delay);
}
