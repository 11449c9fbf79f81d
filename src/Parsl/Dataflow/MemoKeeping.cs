using Parsl.Caching;
using Parsl.Checkpointing;
using Parsl.Files;

namespace Parsl.Dataflow;

/// <summary>What the owner of a memo key leaves behind when it completes: its result's output files and checkpoint record, or its cached failure.</summary>
internal static class MemoKeeping
{
    /// <summary>
    /// Records a result: the output files it vouches for, and its checkpoint record. True when the record went to the
    /// checkpoint writer, which tells <paramref name="listener"/> once it is written; false when the result is to be
    /// published now (no checkpoint, or the result cannot be kept: said once in the log, and the result is still good).
    /// </summary>
    public static bool Keep<T>(DataFlowKernel kernel, CacheKey key, AppDescriptor app, T result, IEnumerable<DataFile> declaredOutputs, ICheckpointListener listener)
    {
        try
        {
            OutputFile[] outputs;
            try
            {
                outputs = [.. MemoTable.OutputsOf(result), .. MemoTable.Written(declaredOutputs)];
            }
            catch (IOException)
            {
                outputs = [];
            }
            if (outputs.Length > 0)
                kernel.Memo!.Outputs[key] = outputs;
            if (kernel.CheckpointWriter is not { } checkpoint)
                return false;
            if (kernel.Serializer.TryEncodeRecord(key, app, result, outputs) is { } record)
            {
                checkpoint.Append(record, listener);
                return true;
            }
            kernel.ReportUncheckpointable(app, typeof(T));
        }
        catch (Exception exception)
        {
            kernel.ReportUncheckpointable(app, typeof(T), exception);
        }
        return false;
    }

    /// <summary>
    /// The owner completed without a result: a failure the app caches is written to the checkpoint (the next identical
    /// call fails the same way without running); otherwise the key is let go, so the next identical call runs.
    /// </summary>
    public static void Release(DataFlowKernel kernel, CacheKey key, AppFuture owner)
    {
        if (owner.State == TaskState.Failed && owner.App.CacheFailures)
            kernel.CheckpointWriter?.Append(
                CheckpointFormat.Encode(new CheckpointRecord(key, owner.App.Id, CheckpointRecord.FailureJson(owner.Exception!), [], IsFailure: true)), listener: null);
        else if (owner.State != TaskState.Done)
            kernel.Memo?.Entries.TryRemove(new KeyValuePair<CacheKey, object>(key, owner));
    }
}
