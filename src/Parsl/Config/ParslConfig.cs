using Microsoft.Extensions.Logging;
using Parsl.Executors;

namespace Parsl;

/// <summary>
/// Where and how a workflow runs, kept apart from the workflow's code: the same script runs on a laptop or a
/// cluster by loading a different config.
/// </summary>
public sealed record ParslConfig
{
    /// <summary>The executors; apps pin to them by label. Defaults to one <see cref="ThreadPoolExecutor"/> labelled <c>local</c>.</summary>
    public IReadOnlyList<IExecutor> Executors { get; init; } = [new ThreadPoolExecutor()];

    /// <summary>Parent of the per-run directories (<c>runinfo/000</c>, <c>runinfo/001</c>, …).</summary>
    public string RunDirectory { get; init; } = "runinfo";

    /// <summary>Lowest level written to the run's <c>parsl.log</c>. Per-task lines are at <see cref="LogLevel.Debug"/>.</summary>
    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    /// <summary>Extra logging destination, in addition to the run's log file.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>
    /// On Ctrl-C (SIGINT): cancel every task, print a one-line summary and exit with code 130. When false, Ctrl-C
    /// only cancels the run's tasks and leaves the process to the caller.
    /// </summary>
    public bool ExitOnCtrlC { get; init; } = true;

    /// <summary>How long shutdown waits for running apps to honour cancellation before abandoning them.</summary>
    public TimeSpan CancellationGracePeriod { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>The default: one thread executor labelled <c>local</c> with a thread per processor.</summary>
    public static ParslConfig LocalThreads(int? maxThreads = null) => new() { Executors = [new ThreadPoolExecutor("local", maxThreads)] };
}
