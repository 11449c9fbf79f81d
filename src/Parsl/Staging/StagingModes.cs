namespace Parsl.Staging;

/// <summary>Where a staging provider can move files (Parsl's in-task and separate-task staging).</summary>
[Flags]
public enum StagingModes
{
    /// <summary>In the workflow's process, as tasks of their own that the apps wait for; the copy then reaches the
    /// app's node through the executor (a shared file system, or the executor's channel).</summary>
    InWorkflow = 1,

    /// <summary>By the worker on the node where the app runs, just before and after it (the dispatch carries the files
    /// to stage): no shared file system needed, and the file crosses the network once.</summary>
    OnWorker = 2,
}
