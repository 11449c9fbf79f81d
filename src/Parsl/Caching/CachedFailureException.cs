namespace Parsl;

/// <summary>
/// A call of an app with <see cref="AppAttribute.CacheFailures"/> matched a failure recorded in a checkpoint of an
/// earlier run; the original exception's type and message are kept (the exception object itself is not serialized).
/// </summary>
public sealed class CachedFailureException(AppDescriptor app, string exceptionType, string message)
    : Exception($"App {app.Id} failed with this key in an earlier run (from the checkpoint): {exceptionType}: {message}")
{
    /// <summary>The app.</summary>
    public AppDescriptor App { get; } = app;

    /// <summary>The full name of the original exception's type.</summary>
    public string ExceptionType { get; } = exceptionType;

    /// <summary>The original exception's message.</summary>
    public string OriginalMessage { get; } = message;
}
