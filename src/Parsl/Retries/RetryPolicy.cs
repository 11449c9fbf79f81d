namespace Parsl;

/// <summary>
/// Decides, after a failed try, whether a task gets another: each failure costs what the config's retry handler says
/// (1 by default, as in Parsl) against the app's budget of retries; the handler may also move the next try to another
/// executor or give it other arguments. The kernel asks it and schedules the next try itself, so a delay is a timer,
/// never a sleeping worker.
/// </summary>
internal sealed class RetryPolicy(int defaultRetries, Func<RetryContext, RetryDecision>? handler)
{
    /// <summary>Decides after the failure just added to <paramref name="history"/>.</summary>
    /// <returns>How to run the next try, or null when the task fails with <paramref name="failure"/>.</returns>
    public RetryDecision? Decide(AppFuture task, TaskExtras history, out Exception failure)
    {
        var app = task.App;
        var budget = task.RecordedOptions?.Retries ?? app.Retries ?? defaultRetries;
        var last = history.Failures[^1];
        failure = last.Exception;
        if (budget <= 0)
            return null;
        RetryDecision decision;
        try
        {
            decision = handler?.Invoke(new RetryContext(app, task.TaskId, last.Number, last.Exception, history.Cost) { Record = task.Record })
                ?? RetryDecision.Default;
        }
        catch (Exception handlerFault)
        {
            // As in Parsl: no more tries, and the future gets the handler's own exception (the try's failure stays on
            // the task's record, Record.FailedTries).
            failure = handlerFault;
            return null;
        }
        history.Cost += decision.Cost;
        // Past the budget the task fails with its last try's own exception; every try's is on its record.
        return history.Cost <= budget ? decision : null;
    }
}

/// <summary>
/// The rarely needed part of a task's record, made only when needed: the call's own options (at the call) and the failed
/// tries with their cost and the executor a retry handler chose (at the first failure). One field on every task instead of two.
/// </summary>
internal sealed class TaskExtras
{
    public AppCallOptions? Options { get; init; }

    public List<TryRecord> Failures { get; } = [];

    public double Cost { get; set; }

    /// <summary>The executor a retry handler chose for the next try, or null for the app's own choice.</summary>
    public string? NextExecutor { get; set; }
}
