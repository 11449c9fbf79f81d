namespace Parsl;

/// <summary>How an app's body runs.</summary>
public enum AppKind
{
    /// <summary>A C# method run on an executor.</summary>
    Code,

    /// <summary>A shell command line.</summary>
    Bash,

    /// <summary>A method that returns a future; the app completes when that future does.</summary>
    Join,

    /// <summary>
    /// Not an app: a <see cref="Task{TResult}"/> or <see cref="ValueTask{TResult}"/> made outside Parsl (an HTTP request, a
    /// <see cref="TaskCompletionSource{TResult}"/>), or a value, taken as a task's input (<see cref="AppFuture.FromTask{T}(Task{T}, string, int)"/>).
    /// </summary>
    Outside,

    /// <summary>Not an app: the kernel fetching a remote <see cref="DataFile"/> before the apps that read it run.</summary>
    Staging,
}
