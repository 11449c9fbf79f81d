using Parsl.Events;

namespace Parsl.Executors;

/// <summary>
/// One try of one task, handed to an executor: run app <see cref="App"/> once with the task's resolved arguments and
/// report the outcome. The kernel owns everything around a try (retries and their delays, the walltime clock, the memo
/// table and the checkpoint), so an executor that runs tries in other processes implements exactly this.
/// </summary>
/// <remarks>
/// A report for a try that is no longer current (its walltime passed and the task moved on, or the task was cancelled)
/// is ignored, so an executor never needs to know whether the kernel still wants its answer.
/// </remarks>
public readonly struct TaskTry
{
    private readonly ITryRunner _task;

    internal TaskTry(ITryRunner task, int number)
    {
        _task = task;
        Number = number;
    }

    /// <summary>The task's id within its run.</summary>
    public long TaskId => _task.TaskId;

    /// <summary>The app to run; its <see cref="AppDescriptor.Id"/> is the key under which every process finds its definition.</summary>
    public AppDescriptor App => _task.App;

    /// <summary>Which try of the task this is, from 1.</summary>
    public int Number { get; }

    /// <summary>What the call asked of the machine that runs it (<see cref="AppCallOptions.Resources"/>), or null.</summary>
    public ResourceSpecification? Resources => _task.Resources;

    /// <summary>The image the try runs in: the call's, else the app's, else its executor's (<see cref="IExecutor.Container"/>); null for none.</summary>
    public ContainerImage? Container => _task.Container;

    /// <summary>The name its container gets, derived from the run, the task and the try, by which it is found and removed.</summary>
    public string ContainerName => _task.ContainerNameOf(Number);

    /// <summary>The try's walltime, if it has one (the call's, else the app's); its clock runs from <see cref="ReportStarted(TryPlacement, TimeSpan)"/>.</summary>
    public TimeSpan? Walltime => _task.Walltime;

    /// <summary>Cancelled when the try must stop: the task or the run was cancelled, or the try's walltime passed.</summary>
    public CancellationToken CancellationToken => _task.CancellationTokenOf(Number);

    /// <summary>Runs the try on the calling thread and reports its outcome. Never throws.</summary>
    public void RunInProcess() => _task.RunTry(Number, null);

    /// <summary>As <see cref="RunInProcess()"/>, saying where it runs (e.g. the worker thread's name), for observers.</summary>
    public void RunInProcess(string where) => _task.RunTry(Number, where);

    /// <summary>Tells the kernel the try has started on a worker, which starts its walltime clock.</summary>
    public void ReportStarted() => _task.ReportStarted(Number, (string?)null);

    /// <summary>As <see cref="ReportStarted()"/>, saying where the try runs (e.g. "manager 3 on node17 (block 1)"), for observers.</summary>
    public void ReportStarted(string where) => _task.ReportStarted(Number, where);

    /// <summary>As <see cref="ReportStarted()"/>, saying on which block, manager and host the try runs, for observers.</summary>
    public void ReportStarted(TryPlacement placement) => ReportStarted(placement, TimeSpan.Zero);

    /// <summary>
    /// As <see cref="ReportStarted(TryPlacement)"/>, for a try that started <paramref name="startedAgo"/> before this call
    /// (a report that waited: sent with the try's outcome, or once it had run a while): its record, its event and its
    /// walltime clock run from the real start.
    /// </summary>
    public void ReportStarted(TryPlacement placement, TimeSpan startedAgo)
    {
        ArgumentNullException.ThrowIfNull(placement);
        _task.ReportStarted(Number, placement, startedAgo < TimeSpan.Zero ? TimeSpan.Zero : startedAgo);
    }

    /// <summary>Tells observers what the try cost its worker; call it before the try's outcome is reported (the
    /// outcome's event carries it). Ignored for a try that is no longer current.</summary>
    public void ReportUsage(TryUsage usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        _task.ReportUsage(Number, usage);
    }

    /// <summary>Reports that the try failed with <paramref name="exception"/> (for executors that do not run it in process).</summary>
    public void ReportFailure(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        _task.ReportFailure(Number, exception);
    }

    /// <summary>Reports that the worker running the try died or vanished: the try failed, and the task retries like after any failure.</summary>
    /// <param name="executorLabel">The executor that lost the worker.</param>
    /// <param name="detail">What happened, for the error message.</param>
    public void ReportWorkerLost(string executorLabel, string detail) =>
        _task.ReportFailure(Number, new WorkerLostException(App, TaskId, Number, executorLabel, detail));

    /// <summary>Why this try cannot run in another process, or null when it can.</summary>
    public string? TransportProblem => _task.TransportProblem;

    /// <summary>Writes the task's resolved arguments in the wire format, for a worker process.</summary>
    public void WriteArguments(WireWriter writer) => _task.WriteArguments(writer);

    /// <summary>A bash app's stdout and stderr paths as the call's options set them (null: the app's own), for a worker process.</summary>
    public (string? Stdout, string? Stderr) OutputPaths => _task.OutputOverrides;

    /// <summary>The URLs of remote files the worker must fetch before running this try (an executor that stages
    /// <see cref="Staging.StagingModes.OnWorker"/>): the arguments name them with no local copy, and the worker gives it.</summary>
    public IReadOnlyList<string> StageInOnWorker => _task.WorkerStaging.In;

    /// <summary>The URLs of remote files the app writes, which the worker sends after the try succeeded; the try fails
    /// if one cannot be sent.</summary>
    public IReadOnlyList<string> StageOutOnWorker => _task.WorkerStaging.Out;

    /// <summary>The local files this try reads (their paths as the arguments name them), when its executor stages on
    /// workers: no file system is assumed shared with the workflow, so the executor carries their content to the worker
    /// (<see cref="WorkerCall.StagedCopies"/> then maps each path to the worker's copy).</summary>
    public IReadOnlyList<string> LocalFilesOnWorker => _task.LocalFilesOnWorker;

    /// <summary>The try's span as a W3C <c>traceparent</c> (<see cref="Diagnostics.ParslTelemetry"/>), for an executor to carry to the
    /// process that runs it, so spans made there nest under it; null when nobody traces the run.</summary>
    public string? TraceParent => _task.TraceParent;

    /// <summary>Reports the result a worker process sent, as the app's codec wrote it; malformed bytes fail the try.</summary>
    public void ReportEncodedResult(ReadOnlySpan<byte> result) => _task.ReportEncodedResult(Number, result);

    /// <inheritdoc />
    public override string ToString() => $"try {Number} of task {TaskId} ({App.Id})";
}

/// <summary>The kernel's side of a try: what <see cref="TaskTry"/> forwards to.</summary>
internal interface ITryRunner
{
    long TaskId { get; }

    AppDescriptor App { get; }

    /// <summary>What the call asked for, if anything (its options' resources).</summary>
    ResourceSpecification? Resources { get; }

    /// <summary>The image the try runs in, if any: the call's, the app's or the executor's.</summary>
    ContainerImage? Container { get; }

    string ContainerNameOf(int number);

    CancellationToken CancellationTokenOf(int number);

    TimeSpan? Walltime { get; }

    void RunTry(int number, string? where);

    void ReportStarted(int number, string? where);

    void ReportStarted(int number, TryPlacement placement, TimeSpan ago);

    void ReportUsage(int number, TryUsage usage);

    string? TraceParent { get; }

    void ReportFailure(int number, Exception exception);

    string? TransportProblem { get; }

    (string? Stdout, string? Stderr) OutputOverrides { get; }

    (IReadOnlyList<string> In, IReadOnlyList<string> Out) WorkerStaging { get; }

    IReadOnlyList<string> LocalFilesOnWorker { get; }

    void WriteArguments(WireWriter writer);

    void ReportEncodedResult(int number, ReadOnlySpan<byte> result);
}
