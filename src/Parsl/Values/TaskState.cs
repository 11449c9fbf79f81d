namespace Parsl;

/// <summary>
/// Where a task is in its life. The numbers are stable (a monitoring database may store them): a new state gets a
/// new number, no number is reused, and their order means nothing; ask <see cref="TaskStates.IsTerminal"/>.
/// </summary>
/// <remarks>Numbers 9 and 10 are kept for staging input and output files in and out.</remarks>
public enum TaskState
{
    /// <summary>Submitted; waiting for its input futures.</summary>
    Pending = 0,

    /// <summary>Inputs ready; a try was handed to an executor and waits for a worker.</summary>
    Launched = 1,

    /// <summary>A try is running on a worker.</summary>
    Running = 2,

    /// <summary>Finished with a result (from a run, or from the memo table: see <see cref="AppFuture.FromCache"/>). Terminal.</summary>
    Done = 3,

    /// <summary>The app threw (or its command failed) and no retry is left. Terminal.</summary>
    Failed = 4,

    /// <summary>Not run because an input future failed. Terminal.</summary>
    DependencyFailed = 5,

    /// <summary>Cancelled before or while running. Terminal.</summary>
    Cancelled = 6,

    /// <summary>A try failed and the next waits for its retry delay.</summary>
    WaitingToRetry = 7,

    /// <summary>A join app's body returned; it waits for the futures it returned.</summary>
    Joining = 8,
}

/// <summary>Questions about <see cref="TaskState"/> values.</summary>
public static class TaskStates
{
    /// <summary>True for the states a task never leaves: done, failed, dependency-failed, cancelled.</summary>
    public static bool IsTerminal(this TaskState state) =>
        state is TaskState.Done or TaskState.Failed or TaskState.DependencyFailed or TaskState.Cancelled;
}
