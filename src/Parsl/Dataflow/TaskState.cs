namespace Parsl;

/// <summary>Where a task is in its life. The last four are terminal.</summary>
public enum TaskState
{
    /// <summary>Submitted; waiting for its input futures.</summary>
    Pending,

    /// <summary>Inputs ready; handed to an executor, waiting for a worker.</summary>
    Launched,

    /// <summary>Running on a worker.</summary>
    Running,

    /// <summary>Finished with a result.</summary>
    Done,

    /// <summary>The app threw (or its command failed).</summary>
    Failed,

    /// <summary>Not run because an input future failed.</summary>
    DependencyFailed,

    /// <summary>Cancelled before or while running.</summary>
    Cancelled,
}
