namespace Parsl.Dataflow;

/// <summary>
/// Runs an awaiter's continuation in the execution context of the code that awaited (its async locals, its culture),
/// as <c>Task</c>'s awaiter does; when nothing is flowing, the continuation runs as it is.
/// </summary>
internal static class ExecutionContextFlow
{
    public static Action Wrap(Action continuation)
    {
        var context = ExecutionContext.Capture();
        if (context is null)
            return continuation;
        return () => ExecutionContext.Run(context, static state => ((Action)state!)(), continuation);
    }
}
