namespace Parsl;

/// <summary>A code app ran past its walltime: it was cancelled and, if it did not stop within the grace period, abandoned.</summary>
public sealed class AppWalltimeExceededException(AppDescriptor app, long taskId, TimeSpan walltime, bool abandoned)
    : TimeoutException(
        $"Task {taskId} ({app.Id}) exceeded its walltime of {walltime.TotalSeconds:0.###} s; " +
        (abandoned
            ? "it ignored cancellation and was abandoned (its thread may still be running). Take a CancellationToken parameter and honour it."
            : "it was cancelled."))
{
    /// <summary>The app.</summary>
    public AppDescriptor App { get; } = app;

    /// <summary>The limit.</summary>
    public TimeSpan Walltime { get; } = walltime;

    /// <summary>True when the app did not stop and its future was completed without it.</summary>
    public bool Abandoned { get; } = abandoned;
}
