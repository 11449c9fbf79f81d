namespace Parsl.Dataflow;

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
