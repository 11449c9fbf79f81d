namespace Parsl.Events;

/// <summary>
/// Where a try runs, as an executor that runs tries in other processes knows it when the try starts: the block, the
/// manager and its host. Reported with <see cref="Executors.TaskTry.ReportStarted(TryPlacement)"/>; observers get it as
/// <see cref="RunEvent.Placement"/> (the monitoring database's <c>tries.block</c>, <c>manager</c>, <c>host</c>).
/// One instance per manager serves all its tries: it is immutable, and its text is made once.
/// </summary>
/// <param name="Block">The block's id, or null.</param>
/// <param name="Manager">The manager's id within its executor, or null.</param>
/// <param name="Host">The host the manager runs on, or null.</param>
public sealed record TryPlacement(string? Block, string? Manager, string? Host)
{
    /// <summary>How it reads in logs and events, e.g. "manager 3 (block 1, node17, pid 4711)"; by default made of the parts.</summary>
    public string Description { get; init; } = $"manager {Manager} (block {Block}, {Host})";

    /// <inheritdoc />
    public override string ToString() => Description;
}
