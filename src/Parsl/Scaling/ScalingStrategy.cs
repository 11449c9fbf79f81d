namespace Parsl.Scaling;

/// <summary>A block as the scaling strategy sees it.</summary>
/// <param name="JobId">The provider's job id.</param>
/// <param name="IsActive">Pending or running (it counts against the limits and will bring slots).</param>
/// <param name="RunningTasks">Tasks running on its workers now.</param>
/// <param name="IdleSince">Since when it has run nothing, or null while it is busy (or not yet connected).</param>
public readonly record struct BlockView(string JobId, bool IsActive, int RunningTasks, DateTimeOffset? IdleSince);

/// <summary>What to do now: start this many blocks, release these.</summary>
/// <param name="AddBlocks">Blocks to submit.</param>
/// <param name="ReleaseBlocks">Idle blocks to cancel.</param>
public sealed record ScalingDecision(int AddBlocks, IReadOnlyList<string> ReleaseBlocks)
{
    /// <summary>Nothing to change.</summary>
    public static ScalingDecision None { get; } = new(0, []);
}

/// <summary>
/// Decides, each time the executor asks (on its polling period), whether to add or release blocks: add while the
/// outstanding tasks, times <see cref="BlockScaling.Parallelism"/>, need more slots than the active blocks bring (up to
/// <see cref="BlockScaling.MaxBlocks"/>); with nothing outstanding, release blocks idle for longer than
/// <see cref="BlockScaling.MaxIdleTime"/> (down to <see cref="BlockScaling.MinBlocks"/>). A pure function of what it is
/// told, so it is tested without processes.
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
        if (active < settings.MinBlocks)
            return new ScalingDecision(settings.MinBlocks - active, []);
        if (outstandingTasks > 0)
        {
            var wanted = (int)Math.Ceiling(outstandingTasks * settings.Parallelism / slotsPerBlock);
            var target = Math.Clamp(wanted, settings.MinBlocks, settings.MaxBlocks);
            return target > active ? new ScalingDecision(target - active, []) : ScalingDecision.None;
        }
        // Nothing outstanding: release the longest-idle blocks past the idle limit, keeping the minimum.
        var releasable = blocks
            .Where(b => b.IsActive && b.RunningTasks == 0 && b.IdleSince is { } since && now - since >= settings.MaxIdleTime)
            .OrderBy(b => b.IdleSince)
            .Take(active - settings.MinBlocks)
            .Select(b => b.JobId)
            .ToList();
        return releasable.Count == 0 ? ScalingDecision.None : new ScalingDecision(0, releasable);
    }
}
