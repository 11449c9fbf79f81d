using System.Diagnostics;

namespace Parsl.Dataflow;

/// <summary>
/// What a debugger shows when a future is expanded: its public record, not the fields of the kernel's internal task
/// class that implements it.
/// </summary>
internal sealed class AppFutureDebugView(AppFuture future)
{
    public TaskState State => future.State;

    public object? Result => future.RecordedResult;

    public Exception? Exception => future.Exception;

    [DebuggerBrowsable(DebuggerBrowsableState.RootHidden)]
    public TaskRecord Record => future.Record;
}
