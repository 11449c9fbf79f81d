namespace Parsl;

/// <summary>How many tasks of a run are in each state.</summary>
/// <param name="Submitted">Tasks submitted so far.</param>
/// <param name="Done">Tasks that finished with a result.</param>
/// <param name="Failed">Tasks whose app threw or whose command failed.</param>
/// <param name="DependencyFailed">Tasks not run because an input failed.</param>
/// <param name="Cancelled">Tasks cancelled before or while running.</param>
/// <param name="FromCache">Done tasks whose result came from the memo table (earlier or concurrent identical calls, or a checkpoint).</param>
public readonly record struct TaskCounts(long Submitted, long Done, long Failed, long DependencyFailed, long Cancelled, long FromCache = 0)
{
    /// <summary>Tasks not yet in a terminal state (pending, launched or running).</summary>
    public long Outstanding => Submitted - Done - Failed - DependencyFailed - Cancelled;

    /// <inheritdoc />
    public override string ToString() =>
        $"{Submitted} tasks: {Done} done ({FromCache} from cache), {Failed} failed, {DependencyFailed} not run (input failed), {Cancelled} cancelled, {Outstanding} outstanding";
}
