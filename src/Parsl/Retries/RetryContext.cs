namespace Parsl;

/// <summary>What a retry handler sees after a failed try.</summary>
/// <param name="App">The app.</param>
/// <param name="TaskId">The task.</param>
/// <param name="Attempt">The try that failed, from 1.</param>
/// <param name="Exception">Why it failed.</param>
/// <param name="CostSoFar">The cost of earlier failures, against the retry budget.</param>
public sealed record RetryContext(AppDescriptor App, long TaskId, int Attempt, Exception Exception, double CostSoFar)
{
    /// <summary>The task's record: call site, arguments, the executor and exception of every failed try.</summary>
    public TaskRecord Record { get; init; }
}

/// <summary>
/// A retry handler's answer: what this failure costs against the budget, how long to wait before the next try, and
/// optionally where the next try runs (<see cref="Executor"/>) and with what arguments (<see cref="WithArguments"/>).
/// </summary>
/// <param name="Cost">Added to the task's failure cost; the task is retried while the total stays within its retries.</param>
/// <param name="Delay">Wait before the next try.</param>
public readonly record struct RetryDecision(double Cost, TimeSpan Delay = default)
{
    /// <summary>Parsl's default: each failure costs 1, retry at once.</summary>
    public static RetryDecision Default => new(1);

    /// <summary>Do not retry this failure.</summary>
    public static RetryDecision GiveUp => new(double.PositiveInfinity);

    /// <summary>The label of the executor the next try runs on (any executor of the config); null keeps the app's choice.</summary>
    public string? Executor { get; init; }

    internal object? Arguments { get; init; }

    /// <summary>
    /// Runs the next try with other arguments: the tuple of the app's parameter values in order (as
    /// <see cref="TaskRecord.ArgumentsAs{TValues}"/> reads them), e.g. <c>(string, int)</c> for <c>Fetch(string host, int port)</c>.
    /// A cached app keeps the memo key of its first try's arguments, as in Parsl.
    /// </summary>
    /// <typeparam name="TValues">The tuple of the app's parameter types.</typeparam>
    public RetryDecision WithArguments<TValues>(TValues arguments) => this with { Arguments = arguments };
}
