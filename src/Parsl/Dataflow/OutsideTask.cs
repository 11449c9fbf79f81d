namespace Parsl.Dataflow;

/// <summary>
/// The future of a task Parsl did not start: a <see cref="Task{TResult}"/> from anywhere, or a value. Apps take it like
/// any future and start once it completes, without a thread waiting for it; its failure or cancellation reaches their
/// dependency-failure reports as an app's would.
/// </summary>
/// <remarks>Parsl does not own the task, so <see cref="AppFuture.Cancel"/> leaves it alone (and returns false).</remarks>
internal sealed class OutsideTask<T> : AppFuture<T>
{
    // One descriptor per result type: what reports and records show for the task.
    private static readonly AppDescriptor s_app = new(AppKind.Outside, new()
    {
        Id = "outside Task<" + ShortName(typeof(T)) + ">",
        ReturnTypeName = typeof(T).FullName ?? typeof(T).Name,
    });

    public OutsideTask(Task<T> task, CallSite callSite) : base(s_app)
    {
        CallSite = callSite;
        if (task.IsCompleted)
            Settle(task);
        else
            // Synchronously on the completing thread: settling only hands the result on (dependents launch, never run, here).
            task.ContinueWith(static (task, state) => ((OutsideTask<T>)state!).Settle(task), this,
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void Settle(Task<T> task)
    {
        switch (task.Status)
        {
            case TaskStatus.RanToCompletion:
                TrySetResult(task.Result);
                break;
            case TaskStatus.Canceled:
                TryFail(TaskState.Cancelled, CancellationOf(task));
                break;
            default:
                var failure = task.Exception!;
                TryFail(TaskState.Failed, failure.InnerExceptions.Count == 1 ? failure.InnerExceptions[0] : failure);
                break;
        }
    }

    // The task's own OperationCanceledException (with its token and message) when it has one.
    private OperationCanceledException CancellationOf(Task<T> task)
    {
        try
        {
            task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException cancelled)
        {
            return cancelled;
        }
        return new OperationCanceledException($"The {this} was cancelled.");
    }

    private protected override bool TryCancel() => false;

    // "Int32", "List<Double>": the type as a report reads it.
    private static string ShortName(Type type) => type.IsGenericType
        ? type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)] + "<" + string.Join(", ", type.GetGenericArguments().Select(ShortName)) + ">"
        : type.Name;

    /// <inheritdoc />
    public override string ToString() => string.IsNullOrEmpty(CallSite.FilePath) ? App.Id : $"{App.Id} from {CallSite}";
}
