using Parsl.Executors;

namespace Parsl.Tests;

/// <summary>Loses the worker of every task's first try, and runs later tries in process: a remote executor's worst day.</summary>
public sealed class LosingExecutor(string label) : IExecutor
{
    public string Label { get; } = label;

    public ValueTask StartAsync(ExecutorContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public void Submit(TaskTry taskTry)
    {
        if (taskTry.Number == 1)
            ThreadPool.QueueUserWorkItem(static lost => lost.Try.ReportWorkerLost(lost.Label, "killed by the test"), (Try: taskTry, Label), preferLocal: false);
        else
            ThreadPool.QueueUserWorkItem(static t => t.RunInProcess(), taskTry, preferLocal: false);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
