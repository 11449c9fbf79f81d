namespace Parsl.Executors;

/// <summary>A task handed to an executor: everything an in-process worker needs to run it.</summary>
public interface IExecutorTask
{
    /// <summary>The task's id within its run.</summary>
    long TaskId { get; }

    /// <summary>The app the task runs.</summary>
    AppDescriptor App { get; }

    /// <summary>Runs the app on the calling thread and completes the task's future. Never throws.</summary>
    void Run();
}
