using Parsl.Executors;

namespace Parsl.Tests;

/// <summary>An executor that runs each try inside <see cref="Submit"/>, on the submitting thread: the deepest call stacks a kernel can meet.</summary>
public sealed class InlineExecutor(string label) : IExecutor
{
    public string Label { get; } = label;

    public ValueTask StartAsync(ExecutorContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public void Submit(TaskTry taskTry) => taskTry.RunInProcess();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
