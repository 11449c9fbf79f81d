namespace Parsl;

/// <summary>A task failed on every attempt; <see cref="Attempts"/> holds each attempt's exception, in order.</summary>
public sealed class RetriesExhaustedException(AppDescriptor app, long taskId, IReadOnlyList<Exception> attempts)
    : Exception(
        $"Task {taskId} ({app.Id}) failed on all {attempts.Count} attempts; the last failed with {attempts[^1].GetType().Name}: {attempts[^1].Message}" +
        string.Concat(attempts.Select((e, i) => $"\n  attempt {i + 1}: {e.GetType().Name}: {e.Message}")),
        attempts[^1])
{
    /// <summary>The app.</summary>
    public AppDescriptor App { get; } = app;

    /// <summary>The task.</summary>
    public long TaskId { get; } = taskId;

    /// <summary>Every attempt's exception, first to last.</summary>
    public IReadOnlyList<Exception> Attempts { get; } = attempts;
}
