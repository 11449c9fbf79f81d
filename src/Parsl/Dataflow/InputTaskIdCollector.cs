namespace Parsl.Dataflow;

/// <summary>Collects the ids of the tasks a task takes futures (or files) from, each once, for observers: walked only
/// in observed runs, at submission. A future that is no task's (a user's own <see cref="Future{T}"/>) has no id and is
/// left out.</summary>
internal sealed class InputTaskIdCollector : IDependencyVisitor
{
    private List<long>? _ids;
    private HashSet<long>? _seen; // only for wide fan-ins, where a scan of the list per input would be quadratic

    public IReadOnlyList<long> Ids => _ids ?? (IReadOnlyList<long>)[];

    void IDependencyVisitor.Visit(Dependency? dependency, int parameterIndex)
    {
        if (dependency is not AppFuture { TaskId: > 0 } input)
            return;
        var ids = _ids ??= [];
        if (ids.Count >= 8)
        {
            _seen ??= [.. ids];
            if (!_seen.Add(input.TaskId))
                return;
        }
        else if (ids.Contains(input.TaskId))
            return;
        ids.Add(input.TaskId);
    }
}
