namespace Parsl.Executors;

/// <summary>The worker running a try died or vanished before it reported the outcome.</summary>
public sealed class WorkerLostException(AppDescriptor app, long taskId, int tryNumber, string executorLabel, string detail)
    : Exception($"Task {taskId} ({app.Id}): the worker running try {tryNumber} on executor '{executorLabel}' was lost: {Logging.Sentence.Clause(detail)}. " +
        "Retries (AppAttribute.Retries or ParslConfig.Retries) run the task again on another worker.")
{
    /// <summary>The app.</summary>
    public AppDescriptor App { get; } = app;

    /// <summary>The executor that lost the worker.</summary>
    public string ExecutorLabel { get; } = executorLabel;

    /// <summary>Which try was lost.</summary>
    public int TryNumber { get; } = tryNumber;
}
