namespace Parsl;

/// <summary>
/// An app failed with an exception whose own text cannot be read: its <see cref="Exception.Message"/> (or, on a worker,
/// its stack trace or <see cref="Exception.ToString"/>) throws. The run reports this one in its place, so that the log,
/// the failure report, retries and dependent tasks can say what failed; <see cref="Original"/> is the app's own.
/// </summary>
public sealed class UnreadableAppException : Exception
{
    /// <summary>Describes <paramref name="original"/>, whose text threw <paramref name="thrown"/>.</summary>
    public UnreadableAppException(AppDescriptor app, long taskId, Exception original, Exception thrown)
        : base($"Task {taskId} ({app?.Id}) failed with {original?.GetType().FullName}, whose Message throws {thrown?.GetType().FullName}; " +
            "its text cannot be shown. Make that exception type's Message, StackTrace and ToString return text (Original has the exception itself).")
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(original);
        App = app;
        Original = original;
    }

    /// <summary>The app.</summary>
    public AppDescriptor App { get; }

    /// <summary>The app's own exception, not kept as <see cref="Exception.InnerException"/>: every reader of an exception
    /// chain (<see cref="Exception.ToString"/> among them) would meet its throwing text again.</summary>
    public Exception Original { get; }

    /// <summary>
    /// <paramref name="exception"/> when its message can be read, else an <see cref="UnreadableAppException"/> that says
    /// so. Only the message is tried (a field read for most types): a stack trace is rendered by the log alone, which
    /// guards itself.
    /// </summary>
    internal static Exception Readable(Exception exception, AppDescriptor app, long taskId)
    {
        try
        {
            _ = exception.Message;
            return exception;
        }
        catch (Exception thrown)
        {
            return new UnreadableAppException(app, taskId, exception, thrown);
        }
    }
}
