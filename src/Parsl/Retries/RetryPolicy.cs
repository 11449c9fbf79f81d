using System.Collections.Concurrent;

namespace Parsl;

/// <summary>
/// Decides, after a failed try, whether a task gets another: each failure costs what the config's retry handler says
/// (1 by default, as in Parsl) against the app's budget of retries. The kernel asks it and schedules the next try
/// itself, so a delay is a timer, never a sleeping worker. The failures of a task between its tries are kept here, not
/// on the task: few tasks fail, and every pending task would pay for the field.
/// </summary>
internal sealed class RetryPolicy(int defaultRetries, Func<RetryContext, RetryDecision>? handler)
{
    private readonly ConcurrentDictionary<AppFuture, RetryLog> _logs = new(ReferenceEqualityComparer.Instance);

    /// <summary>Decides after the latest try of <paramref name="task"/> failed with <paramref name="exception"/>.</summary>
    /// <returns>The delay before the next try, or null when the task fails with <paramref name="failure"/>.</returns>
    public TimeSpan? Decide(AppFuture task, Exception exception, out Exception failure)
    {
        var app = task.App;
        var budget = app.Retries ?? defaultRetries;
        failure = exception;
        if (budget <= 0)
            return null;
        var log = _logs.GetOrAdd(task, static _ => new RetryLog());
        log.Failures.Add(exception);
        RetryDecision decision;
        try
        {
            decision = handler?.Invoke(new RetryContext(app, task.TaskId, log.Failures.Count, exception, log.Cost)) ?? RetryDecision.Default;
        }
        catch (Exception handlerFault)
        {
            Forget(task);
            failure = new InvalidOperationException(
                $"Task {task.TaskId} ({app.Id}) failed after {log.Failures.Count} {(log.Failures.Count == 1 ? "try" : "tries")}: the retry handler " +
                $"(ParslConfig.RetryHandler) threw {handlerFault.GetType().Name}: {handlerFault.Message} while deciding on the last one, which failed with " +
                $"{exception.GetType().Name}: {exception.Message}. Fix the handler; it must return a RetryDecision for every exception.",
                handlerFault);
            return null;
        }
        log.Cost += decision.Cost;
        if (log.Cost <= budget)
            return decision.Delay > TimeSpan.Zero ? decision.Delay : TimeSpan.Zero;
        Forget(task);
        failure = new RetriesExhaustedException(app, task.TaskId, [.. log.Failures]);
        return null;
    }

    /// <summary>Drops the log of a task that gave up or has completed after a retry.</summary>
    public void Forget(AppFuture task) => _logs.TryRemove(task, out _);
}

/// <summary>The failures of one task so far and what they cost; made at its first failure.</summary>
internal sealed class RetryLog
{
    public List<Exception> Failures { get; } = [];

    public double Cost { get; set; }
}
