namespace Parsl;

/// <summary>What a retry handler sees after a failed attempt.</summary>
/// <param name="App">The app.</param>
/// <param name="TaskId">The task.</param>
/// <param name="Attempt">The attempt that failed, from 1.</param>
/// <param name="Exception">Why it failed.</param>
/// <param name="CostSoFar">The cost of earlier failures, against the retry budget.</param>
public sealed record RetryContext(AppDescriptor App, long TaskId, int Attempt, Exception Exception, double CostSoFar);

/// <summary>A retry handler's answer: what this failure costs against the budget, and how long to wait before retrying.</summary>
/// <param name="Cost">Added to the task's failure cost; the task is retried while the total stays within its retries.</param>
/// <param name="Delay">Wait before the next attempt.</param>
public readonly record struct RetryDecision(double Cost, TimeSpan Delay = default)
{
    /// <summary>Parsl's default: each failure costs 1, retry at once.</summary>
    public static RetryDecision Default => new(1);

    /// <summary>Do not retry this failure.</summary>
    public static RetryDecision GiveUp => new(double.PositiveInfinity);
}
