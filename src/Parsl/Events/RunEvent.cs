namespace Parsl.Events;

/// <summary>
/// One thing a run did, as <see cref="IRunObserver"/>s see it. A struct passed by reference: a run with 100,000 tasks
/// reports half a million of these, and none is allocated. Fields that do not apply to a kind are left at their
/// defaults (0, null).
/// </summary>
public readonly struct RunEvent
{
    /// <summary>What happened.</summary>
    public RunEventKind Kind { get; init; }

    // UTC ticks rather than a DateTimeOffset: the kernel stamps half a million events in a large run, and adding to a
    // tick count is cheaper than adding to a DateTimeOffset.
    private readonly long _utcTicks;

    /// <summary>When (millisecond resolution), in UTC.</summary>
    public DateTimeOffset Time
    {
        get => new(_utcTicks, TimeSpan.Zero);
        init => _utcTicks = value.UtcTicks;
    }

    /// <summary>When, as UTC ticks: what the kernel stamps.</summary>
    internal long UtcTicks
    {
        init => _utcTicks = value;
    }

    /// <summary>The task's id, for task and try events.</summary>
    public long TaskId { get; init; }

    /// <summary>The task's app, for task and try events.</summary>
    public AppDescriptor? App { get; init; }

    /// <summary>The try's number (1 for the first), for try events.</summary>
    public int Try { get; init; }

    /// <summary>The executor's label, for try, block and manager events.</summary>
    public string? Executor { get; init; }

    /// <summary>Where a try runs, or which manager: e.g. "manager 3 on node17 (block 1)"; null when the executor does not say.</summary>
    public string? Where { get; init; }

    /// <summary>The task's final state, for <see cref="RunEventKind.TaskCompleted"/>.</summary>
    public TaskState State { get; init; }

    /// <summary>The failure, for failed tries and tasks.</summary>
    public Exception? Exception { get; init; }

    /// <summary>For <see cref="RunEventKind.RetryScheduled"/>: how long until the next try.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>For <see cref="RunEventKind.TaskSubmitted"/>: how many of its input futures were not done yet.</summary>
    public int Inputs { get; init; }

    /// <summary>The block's id, for block and manager events.</summary>
    public string? Block { get; init; }

    /// <summary>The provider's job id, for block events.</summary>
    public string? Job { get; init; }

    /// <summary>The file, for staging events.</summary>
    public DataFile? File { get; init; }

    /// <summary>Why, for failed blocks and lost managers; what happened, for finished staging; the provider's name
    /// (<c>slurm</c>, <c>local</c>, …), for <see cref="RunEventKind.BlockRequested"/>.</summary>
    public string? Message { get; init; }

    /// <summary>For <see cref="RunEventKind.TrySucceeded"/> of a bash app: the file its stdout went to, if any.</summary>
    public string? Stdout { get; init; }

    /// <summary>For <see cref="RunEventKind.TrySucceeded"/> of a bash app: the file its stderr went to, if any.</summary>
    public string? Stderr { get; init; }

    /// <summary>For manager events: how many workers the manager runs.</summary>
    public int Workers { get; init; }

    /// <summary>For <see cref="RunEventKind.TaskSubmitted"/>: where the app was called.</summary>
    public CallSite CallSite { get; init; }

    /// <summary>For <see cref="RunEventKind.TaskSubmitted"/>: the ids of the tasks whose futures (or files) it takes, in
    /// argument order, each once; empty when it takes none.</summary>
    public IReadOnlyList<long>? InputTaskIds { get; init; }

    /// <summary>For <see cref="RunEventKind.MemoHit"/>: true when the answer came from a checkpoint of an earlier run,
    /// false when from this run's memo table.</summary>
    public bool FromCheckpoint { get; init; }

    /// <summary>For <see cref="RunEventKind.TryStarted"/>: the block, manager and host, when the executor says (<see cref="Where"/> is its text).</summary>
    public TryPlacement? Placement { get; init; }

    /// <summary>For <see cref="RunEventKind.TrySucceeded"/> and <see cref="RunEventKind.TryFailed"/>: the worker and what the try
    /// cost it, when the executor measured it.</summary>
    public TryUsage? Usage { get; init; }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        RunEventKind.TaskSubmitted or RunEventKind.DependenciesResolved or RunEventKind.MemoHit or RunEventKind.TaskCompleted
            => $"{Time:HH:mm:ss.fff} {Kind} task {TaskId} ({App?.Id}){(Kind == RunEventKind.TaskCompleted ? " " + State : "")}",
        RunEventKind.TryLaunched or RunEventKind.TryStarted or RunEventKind.TrySucceeded or RunEventKind.TryFailed or RunEventKind.RetryScheduled
            => $"{Time:HH:mm:ss.fff} {Kind} task {TaskId} ({App?.Id}) try {Try} on {Executor}{(Where is null ? "" : " " + Where)}",
        RunEventKind.StageInStarted or RunEventKind.StageInFinished or RunEventKind.StageOutStarted or RunEventKind.StageOutFinished
            => $"{Time:HH:mm:ss.fff} {Kind} {File?.Url} ({Where}){(Kind is RunEventKind.StageInFinished or RunEventKind.StageOutFinished ? " " + State : "")}{(Exception is null ? "" : ": " + Exception.Message)}{(Message is null ? "" : ": " + Message)}",
        _ => $"{Time:HH:mm:ss.fff} {Kind}{(Executor is null ? "" : " " + Executor)}{(Block is null ? "" : " block " + Block)}{(Where is null ? "" : " " + Where)}{(Message is null ? "" : ": " + Message)}",
    };
}
