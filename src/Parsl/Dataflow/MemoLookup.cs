using Parsl.Caching;
using Parsl.Checkpointing;

namespace Parsl.Dataflow;

/// <summary>
/// The memo policy, apart from the task's state machine: whether a cached call is answered by an identical call in
/// flight, a result of this run whose output files are unchanged, a failure the app caches, or a checkpoint record (which
/// this run's own checkpoint then carries forward), or runs and owns its key.
/// </summary>
internal static class MemoLookup
{
    public static MemoAnswer<T> Answer<T>(DataFlowKernel kernel, MemoTable memo, CacheKey key, AppFuture<T> asker)
    {
        var app = asker.App;
        while (true)
        {
            if (!memo.Entries.TryGetValue(key, out var entry))
            {
                if (memo.Entries.TryAdd(key, asker))
                    return MemoAnswer<T>.Run;
                continue;
            }
            switch (entry)
            {
                case AppFuture<T> earlier when !earlier.IsCompleted:
                    memo.CountMerged();
                    return MemoAnswer<T>.Follow(earlier);
                case AppFuture<T> earlier when earlier.IsCompletedSuccessfully && memo.OutputsUnchanged(key):
                    memo.CountHit();
                    return MemoAnswer<T>.Succeeded(earlier.GetCompletedResult());
                case AppFuture<T> { State: TaskState.Failed } earlier when app.CacheFailures:
                    memo.CountHit();
                    return MemoAnswer<T>.Failed(earlier.Exception!);
                case CheckpointRecord { IsFailure: true } stored when app.CacheFailures:
                    if (memo.Entries.TryUpdate(key, asker, stored))
                        kernel.CheckpointWriter?.Append(CheckpointFormat.Encode(stored), listener: null);
                    memo.CountHit();
                    return MemoAnswer<T>.Failed(stored.ToException(app), fromCheckpoint: true);
                case CheckpointRecord { IsFailure: false } stored when stored.OutputsUnchanged() && kernel.Serializer.TryDeserialize<T>(stored.Json, out var restored):
                    // Become the entry's owner so later hits are answered from memory, and carry the result into this
                    // run's own checkpoint, so resuming from this run alone is enough.
                    if (memo.Entries.TryUpdate(key, asker, stored))
                    {
                        memo.Outputs[key] = stored.Outputs;
                        kernel.CheckpointWriter?.Append(CheckpointFormat.Encode(stored), listener: null);
                    }
                    memo.CountHit();
                    return MemoAnswer<T>.Succeeded(restored, fromCheckpoint: true);
                default:
                    // Failed earlier (failures are not cached), outputs changed or deleted, or an unreadable record: run it.
                    if (memo.Entries.TryUpdate(key, asker, entry))
                        return MemoAnswer<T>.Run;
                    continue;
            }
        }
    }
}
