using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Parsl.Executors;

namespace Parsl;

/// <summary>
/// Where and how a workflow runs, kept apart from the workflow's code: the same script runs on a laptop or a
/// cluster by loading a different config.
/// </summary>
public sealed record ParslConfig
{
    /// <summary>
    /// The executors; apps pin to them by label. Defaults to one <see cref="ThreadPoolExecutor"/> labelled <c>local</c>.
    /// Every load starts them afresh and its disposal stops them, so one config serves any number of runs in turn.
    /// </summary>
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

    /// <summary>
    /// What disposing the kernel does with outstanding tasks: wait for them (the default), cancel them, or skip them.
    /// <see cref="DataFlowKernel.RunAsync(ParslConfig?, Func{DataFlowKernel, Task})"/> also sees an
    /// exception leaving the workflow, and then always cancels.
    /// </summary>
    public ExitMode ExitMode { get; init; } = ExitMode.Wait;

    /// <summary>How long shutdown waits for running apps to honour cancellation before abandoning them.</summary>
    public TimeSpan CancellationGracePeriod { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Memoize apps marked <c>Cache = true</c> (Parsl's <c>app_cache</c>). Off turns every cached app into a plain one.</summary>
    public bool Memoize { get; init; } = true;

    /// <summary>When cached results are written to <c>runinfo/NNN/checkpoint/tasks.ckpt</c>.</summary>
    public CheckpointMode Checkpoint { get; init; } = CheckpointMode.None;

    /// <summary>
    /// Checkpoints of earlier runs to load before the run starts (files, or run directories), e.g.
    /// <see cref="Checkpoints.Latest"/>. A call whose key is found there is answered without running.
    /// </summary>
    public IReadOnlyList<string> CheckpointFiles { get; init; } = [];

    /// <summary>
    /// What moves remote <see cref="DataFile"/>s (by URL scheme): in before the apps that read them run, out after the
    /// app that writes them; by default <see cref="Staging.HttpStaging"/> for <c>http</c> and <c>https</c> and
    /// <see cref="Staging.FtpStaging"/> (anonymous) for <c>ftp</c>. A fetched copy goes to the run directory's
    /// <c>staging/</c> folder, once per URL however many apps read it, and is reused by later runs while unchanged.
    /// </summary>
    public IReadOnlyList<Staging.IStagingProvider> Staging { get; init; } = [s_http, s_ftp];

    // One client for every run of the process, as HttpClient is meant to be used.
    private static readonly Staging.HttpStaging s_http = new();
    private static readonly Staging.FtpStaging s_ftp = new();

    /// <summary>
    /// Source-generated JSON contexts for result types that checkpoints must store beyond the built-in ones (numbers,
    /// strings, their arrays and lists, <see cref="BashResult"/>). Results without type information stay memoized in
    /// memory but are not checkpointed, and the log says so once per app.
    /// </summary>
    public IReadOnlyList<JsonSerializerContext> SerializerContexts { get; init; } = [];

    /// <summary>How many times a failed task is retried (per app: <see cref="AppAttribute.Retries"/>). Dependency failures and cancellations are never retried.</summary>
    public int Retries { get; init; }

    /// <summary>
    /// Decides, after each failed attempt, what the failure costs against the retry budget (Parsl's <c>retry_handler</c>;
    /// the default costs 1, so <see cref="Retries"/> counts attempts) and how long to wait before the next attempt.
    /// </summary>
    public Func<RetryContext, RetryDecision>? RetryHandler { get; init; }

    /// <summary>Print a grouped failure report to stderr when a run with failed tasks is disposed.</summary>
    public bool PrintFailureReport { get; init; } = true;

    /// <summary>
    /// Observers of everything each run does (<see cref="Events.RunEvent"/>: tasks, tries, blocks, managers), from the
    /// start of the run; <see cref="DataFlowKernel.Observe"/> adds one to a running kernel. Monitoring, progress views
    /// and tracing are observers; a run with none pays nothing for events.
    /// </summary>
    public IReadOnlyList<Events.IRunObserver> Observers { get; init; } = [];

    /// <summary>
    /// What the calls of each app need, by app id (<c>Namespace.Class.Method</c>, as errors and the monitoring database
    /// name it): over what the app's attribute says, field by field, and under each call's own
    /// <see cref="AppCallOptions.Resources"/>. It keeps sizes out of the code: the same MPI app asks for 2 nodes in a
    /// laptop's config and 64 in a cluster's (YAML <c>resources: { Demo.Climate.Simulate: { nodes: 64 } }</c>). An id
    /// no loaded assembly declares is refused at load.
    /// </summary>
    public IReadOnlyDictionary<string, ResourceSpecification> Resources { get; init; } = new Dictionary<string, ResourceSpecification>();

    /// <summary>The default: one thread executor labelled <c>local</c> with a thread per processor.</summary>
    public static ParslConfig LocalThreads(int? maxThreads = null) => new() { Executors = [new ThreadPoolExecutor("local", maxThreads)] };
}
