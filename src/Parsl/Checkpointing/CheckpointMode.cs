namespace Parsl;

/// <summary>When the results of cached apps are written to the run's checkpoint file.</summary>
public sealed record CheckpointMode
{
    private CheckpointMode(string name, TimeSpan interval = default)
    {
        Name = name;
        Interval = interval;
    }

    /// <summary>No checkpoint file (results are still memoized within the run).</summary>
    public static CheckpointMode None { get; } = new("none");

    /// <summary>
    /// Each result is on disk before its future completes: a crash (even <c>kill -9</c>) loses no completed result.
    /// Records are written in batches (group commit), so this costs little even for very short tasks.
    /// </summary>
    public static CheckpointMode TaskExit { get; } = new("task_exit");

    /// <summary>Results are written every <see cref="Interval"/>, and when the kernel is disposed.</summary>
    public static CheckpointMode Periodic(TimeSpan interval) =>
        interval > TimeSpan.Zero ? new("periodic", interval) : throw new ArgumentOutOfRangeException(nameof(interval), interval, "The checkpoint interval must be positive.");

    /// <summary>Results are written once, when the kernel is disposed (also after Ctrl-C).</summary>
    public static CheckpointMode WorkflowExit { get; } = new("dfk_exit");

    /// <summary>Results are written when <see cref="DataFlowKernel.Checkpoint"/> is called.</summary>
    public static CheckpointMode Manual { get; } = new("manual");

    /// <summary>The mode's name, as in Parsl.</summary>
    public string Name { get; }

    /// <summary>For <see cref="Periodic"/>: how often.</summary>
    public TimeSpan Interval { get; }

    /// <inheritdoc />
    public override string ToString() => Interval > TimeSpan.Zero ? $"{Name}({Interval})" : Name;
}
