namespace Parsl.Executors;

/// <summary>
/// An app threw in a worker process. Exceptions do not travel as objects (that would mean deserializing arbitrary types):
/// this carries the original's type name, message and stack trace. Bash failures arrive as the same
/// <see cref="BashExitException"/> they are on threads.
/// </summary>
public sealed class RemoteAppException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RemoteAppException(AppDescriptor app, long taskId, string executorLabel, string remoteType, string message, string? remoteStackTrace)
        : base(message)
    {
        ArgumentNullException.ThrowIfNull(app);
        App = app;
        TaskId = taskId;
        ExecutorLabel = executorLabel;
        RemoteType = remoteType;
        RemoteStackTrace = remoteStackTrace;
    }

    /// <summary>The app that threw.</summary>
    public AppDescriptor App { get; }

    /// <summary>The task.</summary>
    public long TaskId { get; }

    /// <summary>The executor whose worker ran the try.</summary>
    public string ExecutorLabel { get; }

    /// <summary>The full name of the exception's type in the worker, e.g. <c>System.InvalidOperationException</c>.</summary>
    public string RemoteType { get; }

    /// <summary>The exception as the worker printed it (type, message, stack trace, inner exceptions).</summary>
    public string? RemoteStackTrace { get; }

    /// <inheritdoc />
    public override string ToString() =>
        $"{GetType().FullName}: {RemoteType} in task {TaskId} ({App.Id}) on executor '{ExecutorLabel}': {Message}" +
        (RemoteStackTrace is null ? "" : "\n--- in the worker ---\n" + RemoteStackTrace) + "\n--- in the workflow ---\n" + StackTrace;
}
