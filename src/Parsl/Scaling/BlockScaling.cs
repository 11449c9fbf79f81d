namespace Parsl.Scaling;

/// <summary>
/// How many blocks a pilot-job executor keeps (Parsl's <c>init_blocks</c>, <c>min_blocks</c>, <c>max_blocks</c>,
/// <c>nodes_per_block</c>, <c>parallelism</c>, <c>max_idletime</c>).
/// </summary>
public sealed record BlockScaling
{
    /// <summary>Blocks started when the executor starts (<see cref="MinBlocks"/> when that is more).</summary>
    public int InitBlocks { get; init; } = 1;

    /// <summary>Blocks kept even with nothing to do.</summary>
    public int MinBlocks { get; init; }

    /// <summary>Blocks never exceeded.</summary>
    public int MaxBlocks { get; init; } = 1;

    /// <summary>Nodes each block asks for.</summary>
    public int NodesPerBlock { get; init; } = 1;

    /// <summary>
    /// How eagerly to add blocks: 1 asks for a slot per outstanding task, 0.5 for one per two tasks (tasks queue on the
    /// slots there are), 0 only ever keeps <see cref="MinBlocks"/>.
    /// </summary>
    public double Parallelism { get; init; } = 1;

    /// <summary>How long a block may sit idle before it is released, when there are more blocks than the outstanding tasks
    /// need (down to <see cref="MinBlocks"/>); a block whose manager never connected counts as idle since it was submitted.</summary>
    public TimeSpan MaxIdleTime { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Blocks the executor starts with: <see cref="InitBlocks"/>, or <see cref="MinBlocks"/> when that is more.</summary>
    public int StartBlocks => Math.Max(InitBlocks, MinBlocks);

    /// <summary>Checks the numbers against each other; throws naming the one that does not fit.</summary>
    public void Validate(string executorLabel)
    {
        if (MinBlocks < 0 || MaxBlocks < 1 || MinBlocks > MaxBlocks)
            throw new ArgumentException($"Executor '{executorLabel}': blocks must satisfy 0 <= MinBlocks <= MaxBlocks and MaxBlocks >= 1; got MinBlocks = {MinBlocks}, MaxBlocks = {MaxBlocks}.");
        // Below MinBlocks is allowed, as in Parsl: MinBlocks blocks start.
        if (InitBlocks < 0 || InitBlocks > MaxBlocks)
            throw new ArgumentException($"Executor '{executorLabel}': InitBlocks ({InitBlocks}) must lie between 0 and MaxBlocks ({MaxBlocks}).");
        if (NodesPerBlock < 1)
            throw new ArgumentException($"Executor '{executorLabel}': NodesPerBlock must be at least 1; got {NodesPerBlock}.");
        if (Parallelism is < 0 or > 1 || double.IsNaN(Parallelism))
            throw new ArgumentException($"Executor '{executorLabel}': Parallelism must lie between 0 and 1; got {Parallelism}.");
        if (Parallelism == 0 && MinBlocks == 0)
            throw new ArgumentException($"Executor '{executorLabel}': Parallelism 0 keeps only MinBlocks blocks, and MinBlocks is 0, so no block would ever start and tasks would wait for ever. " +
                "Set MinBlocks to at least 1, or Parallelism above 0.");
        if (MaxIdleTime < TimeSpan.Zero)
            throw new ArgumentException($"Executor '{executorLabel}': MaxIdleTime must not be negative; got {MaxIdleTime}.");
    }
}
