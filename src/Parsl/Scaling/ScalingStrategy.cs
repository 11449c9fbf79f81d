namespace Parsl.Scaling;

/// <summary>A block as the scaling strategy sees it.</summary>
/// <param name="JobId">The provider's job id.</param>
/// <param name="IsActive">Pending or running (it counts against the limits and will bring slots).</param>
/// <param name="RunningTasks">Tasks running on its workers now.</param>
/// <param name="IdleSince">Since when it has run nothing (for a block whose manager has not connected yet, since it was
/// submitted), or null while it is busy.</param>
/// <param name="IsConnected">Whether its manager has connected: a block still pending brings no slot yet, so it is the
/// first to go when blocks are in excess.</param>
public readonly record struct BlockView(string JobId, bool IsActive, int RunningTasks, DateTimeOffset? IdleSince, bool IsConnected = true);

/// <summary>What to do now: start this many blocks, release these.</summary>
/// <param name="AddBlocks">Blocks to submit.</param>
/// <param name="ReleaseBlocks">Idle blocks to cancel.</param>
public sealed record ScalingDecision(int AddBlocks, IReadOnlyList<string> ReleaseBlocks)
{
    /// <summary>Nothing to change.</summary>
    public static ScalingDecision None { get; } = new(0, []);
}

/// <summary>
/// Decides, each time the executor asks (on its polling period), whether to add or release blocks, as Parsl's
/// <c>htex_auto_scale</c> strategy does: the blocks wanted are the outstanding tasks, times
/// <see cref="BlockScaling.Parallelism"/>, over the slots a block brings, kept between <see cref="BlockScaling.MinBlocks"/>
/// and <see cref="BlockScaling.MaxBlocks"/> (just the minimum with nothing outstanding). Fewer active blocks than that:
/// add. More: release the excess among blocks that run nothing and have been idle for <see cref="BlockScaling.MaxIdleTime"/>,
/// blocks whose manager never connected first, then the longest idle; so one long task keeps one block, not all that
/// were started for the burst before it. A pure function of what it is told, so it is tested without processes.
/// </summary>
public static class ScalingStrategy
{
    /// <summary>The decision for this moment.</summary>
    /// <param name="settings">The executor's block settings.</param>
    /// <param name="outstandingTasks">Tasks waiting for or running on this executor.</param>
    /// <param name="slotsPerBlock">Tasks one block runs at once (workers per node × nodes per block).</param>
    /// <param name="blocks">The executor's blocks, including finished ones (which count for nothing).</param>
    /// <param name="now">The time to judge idleness by.</param>
    public static ScalingDecision Decide(BlockScaling settings, int outstandingTasks, int slotsPerBlock, IReadOnlyList<BlockView> blocks, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(slotsPerBlock, 1);
        var active = blocks.Count(b => b.IsActive);
        var wanted = outstandingTasks > 0
            ? Math.Clamp((int)Math.Ceiling(outstandingTasks * settings.Parallelism / slotsPerBlock), settings.MinBlocks, settings.MaxBlocks)
            : settings.MinBlocks;
        if (active < wanted)
            return new ScalingDecision(wanted - active, []);
        var releasable = blocks
            .Where(b => b.IsActive && b.RunningTasks == 0 && b.IdleSince is { } since && now - since >= settings.MaxIdleTime)
            .OrderBy(b => b.IsConnected)
            .ThenBy(b => b.IdleSince)
            .Take(active - wanted)
            .Select(b => b.JobId)
            .ToList();
        return releasable.Count == 0 ? ScalingDecision.None : new ScalingDecision(0, releasable);
    }
}
