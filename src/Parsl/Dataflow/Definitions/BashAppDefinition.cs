using Parsl.Dataflow;

namespace Parsl;

/// <summary>The definition of a bash app: its resolved arguments become a command line, which runs in a process group of its own.</summary>
/// <typeparam name="TArguments">The pack of the stub's arguments.</typeparam>
/// <typeparam name="TValues">The resolved arguments.</typeparam>
/// <param name="options">The app's metadata.</param>
/// <param name="resolve">Reads the values out of a resolved pack.</param>
/// <param name="invocation">Builds the command line and output paths.</param>
/// <param name="writeKey">Writes the memo key of a cached app; null otherwise.</param>
/// <param name="codec">Writes and reads the arguments and result for worker processes.</param>
public sealed class BashAppDefinition<TArguments, TValues>(
    AppDescriptorOptions options,
    Func<TArguments, TValues> resolve,
    Func<TValues, CancellationToken, BashInvocation> invocation,
    Action<CacheKeyBuilder, TValues>? writeKey = null,
    AppCodec<TValues, BashResult>? codec = null)
    : AppDefinition<TArguments, TValues, BashResult>(AppKind.Bash, options, resolve, writeKey, codec)
    where TArguments : IAppArgument
{
    // Built per try: a body-form app's method runs again on a retry, as in Parsl. The kernel's walltime clock cancels
    // the try, which kills the process group; that cancellation is reported as the walltime it was.
    internal override void RunTry(AppTask<TArguments, TValues, BashResult> task, int number, CancellationToken cancellationToken)
    {
        var call = invocation(task.Values, cancellationToken);
        var stdout = task.LogPath(task.Options?.Stdout ?? call.Stdout, "stdout");
        var stderr = task.LogPath(task.Options?.Stderr ?? call.Stderr, "stderr");
        BashResult result;
        try
        {
            var taskTry = (Executors.ITryRunner)task;
            var container = Containers.ContainerCommand.For(taskTry.Container, taskTry.ContainerNameOf(number), Descriptor, task.TaskId, task.Values);
            result = BashRunner.Run(Descriptor, task.TaskId, call.Command, stdout, stderr, walltime: null, cancellationToken, container);
        }
        catch (OperationCanceledException) when (task.WalltimeExpired(number))
        {
            throw new BashWalltimeExceededException(Descriptor, task.TaskId, call.Command, task.Options?.Walltime ?? Descriptor.Walltime!.Value);
        }
        task.OnTrySucceeded(number, result);
    }

    // On a worker the output paths come from the workflow, which resolved the call's options; a relative path is relative
    // to the worker's working directory. The try's token is cancelled at the walltime, which kills the process group.
    private protected override BashResult Invoke(TValues values, in WorkerCall call)
    {
        var command = invocation(values, call.CancellationToken);
        var container = Containers.ContainerCommand.For(call.Container, call.ContainerName ?? $"parsl-worker-task{call.TaskId}", Descriptor, call.TaskId, values);
        return BashRunner.Run(Descriptor, call.TaskId, command.Command, call.Stdout ?? command.Stdout, call.Stderr ?? command.Stderr, walltime: null, call.CancellationToken, container);
    }
}
